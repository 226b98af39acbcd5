// Package llm is the optional LLM judge: a bot.Grader that asks any
// OpenAI-compatible endpoint (OpenAI, Azure OpenAI, DeepSeek, Qwen, Ollama,
// vLLM) to judge an answer against its rubric, and combines the verdict with
// the offline rubric scorer.
//
// The model is treated as an unreliable, manipulable helper, never as the
// authority: its output is validated against a schema and the rubric, every
// credited point needs a quote that really occurs in the answer, the score is
// computed here from the verified verdicts, answers that try to instruct the
// grader are flagged and graded without the injected text, and any failure
// falls back to the rubric scorer so the member always gets a grade. See
// docs/llm.md for configuration and the scoring rules.
package llm
