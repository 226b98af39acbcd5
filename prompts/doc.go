// Package prompts is the bot's content: the question bank in questions/*.yaml,
// embedded into the binary, and the loader and linter that turn it into
// bot.Questions. It holds no logic beyond parsing and validation, so a
// question author gets every mistake reported with its file and line before
// a bad rubric ever grades an answer.
package prompts
