package wecom

import (
	"strings"
	"unicode/utf8"
)

// Message size limits, in bytes of UTF-8. WeCom rejects longer content
// (errcode 40058) rather than truncating it.
const (
	maxRobotMarkdown = 4096 // group robot webhook and smart-robot replies
	maxAppMarkdown   = 2048 // app markdown messages
	maxAppText       = 2048 // app text messages (WeCom truncates longer ones)
)

// mdEscaper turns the characters WeCom markdown gives meaning to into
// look-alikes, so a member's name or text is shown, never interpreted: no
// links, no <font>, no @-mentions, no headings.
var mdEscaper = strings.NewReplacer(
	"*", "＊", "_", "＿", "`", "'", "[", "［", "]", "］", "<", "＜", ">", "＞",
	"#", "＃", "@", "＠", "\r", " ", "\n", " ",
)

// esc makes untrusted text safe for one line of WeCom markdown.
func esc(s string) string { return mdEscaper.Replace(s) }

// splitMarkdown cuts md into pieces of at most limit bytes. It cuts at line
// breaks, so a list item or heading is never split; a single line longer
// than limit is cut at a rune boundary, never inside a UTF-8 sequence. A
// code fence open at a cut is closed there and reopened in the next piece.
func splitMarkdown(md string, limit int) []string {
	md = strings.TrimRight(md, "\n")
	if len(md) <= limit {
		return []string{md}
	}
	var parts []string
	var cur strings.Builder
	fenced := false
	flush := func() {
		s := strings.TrimRight(cur.String(), "\n")
		if fenced {
			s += "\n```"
		}
		if strings.TrimSpace(s) != "" {
			parts = append(parts, s)
		}
		cur.Reset()
		if fenced {
			cur.WriteString("```\n")
		}
	}
	const fenceCost = len("\n```")
	for _, line := range strings.Split(md, "\n") {
		for _, piece := range cutLine(line, limit-2*fenceCost) {
			need := len(piece) + 1
			if cur.Len()+need+fenceCost > limit && cur.Len() > 0 {
				flush()
			}
			cur.WriteString(piece)
			cur.WriteByte('\n')
		}
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
		}
	}
	fenced = false
	flush()
	return parts
}

// cutLine cuts one line into pieces of at most n bytes at rune boundaries.
func cutLine(line string, n int) []string {
	n = max(n, utf8.UTFMax)
	if len(line) <= n {
		return []string{line}
	}
	var out []string
	for len(line) > n {
		cut := n
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if cut == 0 {
			cut = n // not UTF-8 at all: any cut is as good as another
		}
		out = append(out, line[:cut])
		line = line[cut:]
	}
	return append(out, line)
}
