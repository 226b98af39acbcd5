package prompts

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes as a question file. The loader must not
// panic, must either return questions or problems (never both, never
// neither), and every problem must name the file. The seeds are the small
// test files: the fuzzer minimizes every new input, and the bank's large
// files would keep it minimizing instead of exploring.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"testdata/valid/*.yaml", "testdata/broken/*/*.yaml"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range names {
			f.Add([]byte(MustReadFile(f, name)))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		qs, problems := LoadFS(fstest.MapFS{"f.yaml": {Data: data}})
		if (len(qs) == 0) == (len(problems) == 0) {
			t.Fatalf("got %d questions and %d problems, want exactly one of them", len(qs), len(problems))
		}
		for _, p := range problems {
			if p.File != "f.yaml" || p.Line < 0 || p.Message == "" {
				t.Fatalf("malformed problem %#v", p)
			}
		}
		for _, q := range qs {
			if q.ID == "" || len(q.Rubric.Version) != 12 || !strings.HasPrefix(q.Source, "f.yaml:") {
				t.Fatalf("incomplete question %+v", q)
			}
		}
	})
}

// BenchmarkLoad_1MB parses a 1 MB bank of valid questions: the linter runs in
// CI and at start-up, so it must stay well under a second at this size.
func BenchmarkLoad_1MB(b *testing.B) {
	fsys := fstest.MapFS{"big.yaml": {Data: bigBank(b, 1<<20)}}
	b.SetBytes(int64(len(fsys["big.yaml"].Data)))
	for b.Loop() {
		if _, problems := LoadFS(fsys); len(problems) > 0 {
			b.Fatalf("got problems: %v", problems[0])
		}
	}
}

// BenchmarkLoad_1MBHostile parses 1 MB shaped to be slow: deep flow nesting
// and one huge scalar. Only speed matters here; the problems are expected.
func BenchmarkLoad_1MBHostile(b *testing.B) {
	inputs := map[string][]byte{
		"nesting": bytes.Repeat([]byte("["), 1<<20),
		"scalar":  append([]byte("questions:\n  - id: "), bytes.Repeat([]byte("a"), 1<<20)...),
		"keys":    manyKeys(1 << 20),
	}
	for name, data := range inputs {
		b.Run(name, func(b *testing.B) {
			fsys := fstest.MapFS{"f.yaml": {Data: data}}
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, problems := LoadFS(fsys); len(problems) == 0 {
					b.Fatal("got no problems for a hostile input")
				}
			}
		})
	}
}

// bigBank repeats the valid test question with fresh ids up to size bytes.
func bigBank(tb testing.TB, size int) []byte {
	tb.Helper()
	one := MustReadFile(tb, "testdata/valid/basic.yaml")
	_, item, ok := strings.Cut(one, "questions:\n")
	if !ok {
		tb.Fatal("testdata/valid/basic.yaml has no questions: list")
	}
	var buf bytes.Buffer
	buf.WriteString("questions:\n")
	for i := 0; buf.Len() < size; i++ {
		buf.WriteString(strings.Replace(item, "id: sample-question", fmt.Sprintf("id: sample-question-%d", i), 1))
	}
	return buf.Bytes()
}

// manyKeys is one question mapping with a huge number of unknown keys, each
// a problem: reporting them must stay cheap.
func manyKeys(size int) []byte {
	var buf bytes.Buffer
	buf.WriteString("questions:\n  - id: x\n")
	for i := 0; buf.Len() < size; i++ {
		fmt.Fprintf(&buf, "    k%d: v\n", i)
	}
	return buf.Bytes()
}
