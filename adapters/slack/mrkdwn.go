package slack

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// mrkdwnEscaper escapes the three characters Slack's mrkdwn gives meaning
// to. Text from people (and anything derived from it) goes through it, so
// "<!channel>" or "<https://evil|click>" in an answer shows as typed and
// never becomes a mention or a link.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc escapes s for mrkdwn.
func esc(s string) string { return mrkdwnEscaper.Replace(s) }

// oneLine folds whitespace so a feedback item stays on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Block Kit limits: a section's text is at most 3000 characters, a header's
// 150, a message at most 50 blocks.
const (
	maxSectionText = 3000
	maxHeaderText  = 150
	maxBlocks      = 50
)

// section is a mrkdwn section block; text must already be escaped. Text
// over the limit is cut at a line (or rune) boundary with a marker.
func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, clip(text, maxSectionText), false, false), nil, nil)
}

// sections splits long escaped text into as many sections as it needs,
// breaking between lines.
func sections(text string) []slack.Block {
	var out []slack.Block
	for len(text) > 0 {
		if utf8.RuneCountInString(text) <= maxSectionText {
			out = append(out, section(text))
			break
		}
		cut := cutAt(text, maxSectionText)
		out = append(out, section(text[:cut]))
		text = strings.TrimLeft(text[cut:], "\n")
	}
	return out
}

// cutAt returns a byte offset at most max runes in, preferring the last newline.
func cutAt(s string, max int) int {
	n, end := 0, len(s)
	for i := range s {
		if n == max {
			end = i
			break
		}
		n++
	}
	if nl := strings.LastIndexByte(s[:end], '\n'); nl > 0 {
		return nl
	}
	return end
}

// clip shortens s to max runes, marking the cut.
func clip(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max-1]) + "…"
}

// header is a plain-text header block (plain text needs no escaping).
func header(text string) slack.Block {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, clip(text, maxHeaderText), true, false))
}

// context is a small grey line of escaped mrkdwn.
func contextLine(text string) slack.Block {
	return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType, clip(text, maxSectionText), false, false))
}

// button is a Block Kit button.
func button(actionID, value, label string) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, label, true, false))
}

// capBlocks keeps a message within Slack's block limit.
func capBlocks(bs []slack.Block) []slack.Block {
	if len(bs) <= maxBlocks {
		return bs
	}
	return append(bs[:maxBlocks-1], contextLine("…"))
}
