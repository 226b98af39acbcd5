package prompts

import (
	"embed"
	"fmt"
	"io/fs"
	"text/template"

	"github.com/interviewbot/interviewbot/bot"
)

//go:embed llm/*.tmpl
var llmFiles embed.FS

// LLM template names. Each exists in Chinese and English ("system.zh.tmpl",
// "system.en.tmpl", ...), so the judge speaks to the model in the language
// the feedback is written in.
const (
	LLMSystem = "system" // the grader's instructions: rubric, rules, output form
	LLMUser   = "user"   // the answer, as delimited data
)

// LLMFiles returns the embedded LLM judge templates at the root of the
// returned file system, for tools that show or lint them.
func LLMFiles() fs.FS {
	sub, err := fs.Sub(llmFiles, "llm")
	if err != nil {
		// "llm" is a constant, valid path: this cannot happen.
		panic(fmt.Sprintf("prompts: embedded llm templates: %v", err))
	}
	return sub
}

// LLMTemplates parses every embedded LLM template. A template is looked up
// by its file name, e.g. t.Lookup("system.zh.tmpl"). Templates fail on a
// missing key, so a renamed field in the judge's data is caught by the first
// test instead of sending "<no value>" to a model.
func LLMTemplates() (*template.Template, error) {
	t, err := template.New("llm").Option("missingkey=error").ParseFS(LLMFiles(), "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse llm templates: %w", err)
	}
	return t, nil
}

// LLMTemplateName returns the file name of template kind (LLMSystem or
// LLMUser) in lang.
func LLMTemplateName(kind string, lang bot.Lang) string {
	if lang != bot.LangZH {
		lang = bot.LangEN
	}
	return kind + "." + string(lang) + ".tmpl"
}
