package prompts_test

import (
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// llmData mirrors the fields the judge passes to the templates.
func llmData() map[string]any {
	return map[string]any{
		"Question":       "What is a goroutine?",
		"KeyPoints":      []map[string]any{{"ID": "stack", "Weight": 2.0, "Point": "growable stack"}},
		"Misconceptions": []map[string]any{{"ID": "os-thread", "Wrong": "a goroutine is a thread", "Correction": "many goroutines share threads"}},
		"Reference":      "A goroutine is a function running concurrently.",
		"Boundary":       "b0a7d1",
		"Answer":         "It has a small stack.",
	}
}

func TestLLMTemplates(t *testing.T) {
	tmpl, err := prompts.LLMTemplates()
	if err != nil {
		t.Fatalf("LLMTemplates: %v", err)
	}
	for _, kind := range []string{prompts.LLMSystem, prompts.LLMUser} {
		for _, lang := range []bot.Lang{bot.LangZH, bot.LangEN} {
			name := prompts.LLMTemplateName(kind, lang)
			t.Run(name, func(t *testing.T) {
				tt := tmpl.Lookup(name)
				if tt == nil {
					t.Fatalf("template %s is missing", name)
				}
				var b strings.Builder
				if err := tt.Execute(&b, llmData()); err != nil {
					t.Fatalf("execute: %v", err)
				}
				got := b.String()
				// Both messages name the boundary so the model knows where the data starts and ends.
				for _, want := range []string{"<answer-b0a7d1>", "</answer-b0a7d1>"} {
					if !strings.Contains(got, want) {
						t.Errorf("%s lacks %q", name, want)
					}
				}
				if strings.Contains(got, "<no value>") {
					t.Errorf("%s renders <no value>", name)
				}
				if kind == prompts.LLMSystem {
					for _, want := range []string{"stack", "os-thread", "\"evidence\"", "\"score\""} {
						if !strings.Contains(got, want) {
							t.Errorf("%s lacks %q", name, want)
						}
					}
				}
				if kind == prompts.LLMUser && !strings.Contains(got, "It has a small stack.") {
					t.Errorf("%s lacks the answer", name)
				}
			})
		}
	}
}

func TestLLMTemplatesMissingKey(t *testing.T) {
	tmpl, err := prompts.LLMTemplates()
	if err != nil {
		t.Fatalf("LLMTemplates: %v", err)
	}
	data := llmData()
	delete(data, "Boundary")
	var b strings.Builder
	if err := tmpl.Lookup(prompts.LLMTemplateName(prompts.LLMUser, bot.LangEN)).Execute(&b, data); err == nil {
		t.Errorf("execute without Boundary: got nil error, want one")
	}
}

func TestLLMTemplateName(t *testing.T) {
	tests := []struct {
		kind string
		lang bot.Lang
		want string
	}{
		{prompts.LLMSystem, bot.LangZH, "system.zh.tmpl"},
		{prompts.LLMUser, bot.LangEN, "user.en.tmpl"},
		{prompts.LLMUser, "", "user.en.tmpl"},
	}
	for _, tt := range tests {
		if got := prompts.LLMTemplateName(tt.kind, tt.lang); got != tt.want {
			t.Errorf("LLMTemplateName(%q, %q) = %q, want %q", tt.kind, tt.lang, got, tt.want)
		}
	}
}
