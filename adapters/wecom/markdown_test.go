package wecom

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitMarkdown(t *testing.T) {
	longLine := strings.Repeat("调度器把 goroutine 放进本地运行队列。", 200) // one line, ~9 KB
	var report strings.Builder
	for i := range 120 {
		report.WriteString("- 第 " + strings.Repeat("很", i%7) + "长的一行建议：复习 GMP、内存分配与垃圾回收\n")
	}
	fenced := "**代码**\n```go\n" + strings.Repeat("fmt.Println(\"你好，世界\")\n", 150) + "```\n结束"
	for _, tc := range []struct {
		name  string
		md    string
		limit int
		parts int // minimum number of parts
	}{
		{"short stays whole", "# 标题\n内容", 4096, 1},
		{"report split at lines", report.String(), 2048, 3},
		{"one long line cut at runes", longLine, 4096, 3},
		{"code fence closed and reopened", fenced, 2048, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			parts := splitMarkdown(tc.md, tc.limit)
			if len(parts) < tc.parts {
				t.Fatalf("%d parts, want at least %d", len(parts), tc.parts)
			}
			var rejoined []string
			for i, p := range parts {
				if len(p) > tc.limit {
					t.Errorf("part %d is %d bytes, over the limit %d", i, len(p), tc.limit)
				}
				if !utf8.ValidString(p) {
					t.Errorf("part %d is not valid UTF-8", i)
				}
				if strings.Count(p, "```")%2 != 0 {
					t.Errorf("part %d leaves a code fence open:\n%s", i, p)
				}
				rejoined = append(rejoined, p)
			}
			// Without the fence lines added at the cuts, the parts are the
			// original, in order, cut only where lines end (or, for an
			// over-long line, between runes).
			got := strings.ReplaceAll(strings.Join(rejoined, "\n"), "\n```\n```\n", "\n")
			got = strings.ReplaceAll(got, "\n", "")
			want := strings.ReplaceAll(strings.TrimRight(tc.md, "\n"), "\n", "")
			if got != want {
				t.Errorf("the parts do not rejoin to the original (got %d bytes, want %d)", len(got), len(want))
			}
			if tc.name == "report split at lines" {
				for i, p := range parts {
					if !strings.HasPrefix(p, "- 第 ") {
						t.Errorf("part %d starts mid-line: %.30q", i, p)
					}
				}
			}
		})
	}
}

func TestEsc(t *testing.T) {
	got := esc("**Bob** [x](http://evil) <font color=\"red\">@all</font>\n# hi")
	for _, bad := range []string{"*", "[", "]", "<", ">", "@", "\n", "#"} {
		if strings.Contains(got, bad) {
			t.Errorf("esc left %q in %q", bad, got)
		}
	}
}

// FuzzSplitMarkdown: whatever the text, every part fits, valid UTF-8 stays
// valid, and nothing but the added fence lines appears or disappears.
func FuzzSplitMarkdown(f *testing.F) {
	f.Add("# 标题\n- 一\n- 二\n```\ncode\n```\n", 64)
	f.Add(strings.Repeat("长", 100), 40)
	f.Add("a\n\n\nb", 16)
	f.Fuzz(func(t *testing.T, md string, limit int) {
		limit = 32 + abs(limit)%4096
		parts := splitMarkdown(md, limit)
		var total int
		for i, p := range parts {
			if len(p) > limit {
				t.Fatalf("part %d is %d bytes, limit %d", i, len(p), limit)
			}
			if utf8.ValidString(md) && !utf8.ValidString(p) {
				t.Fatalf("part %d broke a UTF-8 sequence", i)
			}
			total += len(strings.ReplaceAll(strings.ReplaceAll(p, "`", ""), "\n", ""))
		}
		want := len(strings.ReplaceAll(strings.ReplaceAll(md, "`", ""), "\n", ""))
		if strings.TrimSpace(md) != "" && total != want {
			t.Fatalf("parts hold %d non-newline, non-backtick bytes, the input %d", total, want)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
