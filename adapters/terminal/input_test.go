package terminal

import (
	"io"
	"strings"
	"testing"
)

func TestLineReader(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	tests := []struct {
		name  string
		input string
		max   int
		want  []line // text is compared up to the cap
	}{
		{"lines", "a\nbb\n\nc", 10, []line{{text: "a", size: 1}, {text: "bb", size: 2}, {text: "", size: 0}, {text: "c", size: 1}}},
		{"crlf", "a\r\nb\r\n", 10, []line{{text: "a", size: 1}, {text: "b", size: 1}}},
		{"exactly the cap", "12345\nz\n", 5, []line{{text: "12345", size: 5}, {text: "z", size: 1}}},
		{"over the cap", "123456\nz\n", 5, []line{{text: "123456", size: 6}, {text: "z", size: 1}}},
		{"1 MB line then more", big + "\nafter\n", 64 << 10, []line{{text: big[:64<<10+1], size: 1 << 20}, {text: "after", size: 5}}},
		{"empty input", "", 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lr := newLineReader(strings.NewReader(tt.input), tt.max)
			for i, want := range tt.want {
				got := lr.next()
				if got.err != nil || got.text != want.text || got.size != want.size {
					t.Fatalf("line %d = (%.20q, %d, %v), want (%.20q, %d, nil)", i, got.text, got.size, got.err, want.text, want.size)
				}
				if len(got.text) > tt.max+1 {
					t.Fatalf("line %d kept %d bytes, want at most %d", i, len(got.text), tt.max+1)
				}
			}
			if got := lr.next(); got.err != io.EOF {
				t.Fatalf("after the last line: err = %v, want io.EOF", got.err)
			}
		})
	}
}
