package bot

import "fmt"

// Lang is a language the bot speaks. Every question, rubric and review exists
// in both.
type Lang string

// Supported languages.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang accepts "zh" or "en" (and a few common spellings).
func ParseLang(s string) (Lang, error) {
	switch s {
	case "zh", "zh-CN", "zh_CN", "cn", "中文":
		return LangZH, nil
	case "en", "en-US", "en_US", "english":
		return LangEN, nil
	}
	return "", Errorf(EINVALID, "Unknown language %q: use zh or en.", s)
}

// Text is a piece of content in both languages.
type Text struct {
	ZH string `json:"zh" yaml:"zh"`
	EN string `json:"en" yaml:"en"`
}

// In returns the text in lang, falling back to the other language when that
// one is missing, so a half-translated item still shows something.
func (t Text) In(lang Lang) string {
	if lang == LangZH && t.ZH != "" || t.EN == "" {
		return t.ZH
	}
	return t.EN
}

// String implements fmt.Stringer for logs and tests.
func (t Text) String() string { return fmt.Sprintf("%s / %s", t.ZH, t.EN) }
