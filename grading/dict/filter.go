//go:build ignore

// filter writes the Chinese dictionary the grader embeds: gse's
// simplified-Chinese dictionary without the rare long entries. Run it from
// the repository root when go.mod moves to another gse version:
//
//	go run grading/dict/filter.go -min-long-freq 10 > grading/dict/zh_s.txt
//
// Every word of one or two characters stays: they are the building blocks
// the segmenter needs for any text, technical words included (线程, 链表 and
// 死锁 have the lowest frequency, 3). Entries of three or more characters stay
// when their frequency is above minLongFreq: the rare ones are mostly names,
// idioms and set phrases (撤职查办, 大慈法王) that technical prose does not use,
// and when one does occur it is cut into its shorter words, which the scorer
// matches just as well (it matches Chinese by words and character pairs).
// With the default of 10 it keeps 167,880 of 352,279 entries, and the loaded
// dictionary keeps 48 MB of heap instead of 132 MB.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
)

func main() {
	minLongFreq := flag.Float64("min-long-freq", 10, "keep entries of 3+ characters only above this frequency")
	in := flag.String("in", "", "gse's data/dict/zh/s_1.txt (default: from the module cache)")
	flag.Parse()
	if err := run(*in, *minLongFreq); err != nil {
		fmt.Fprintln(os.Stderr, "filter:", err)
		os.Exit(1)
	}
}

func run(in string, minLongFreq float64) error {
	if in == "" {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
		if err != nil {
			return fmt.Errorf("find gse in the module cache: %w", err)
		}
		in = filepath.Join(strings.TrimSpace(string(out)), "data", "dict", "zh", "s_1.txt")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	sc := bufio.NewScanner(f)
	kept, total := 0, 0
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		total++
		freq, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			return fmt.Errorf("%s: frequency of %q: %w", in, fields[0], err)
		}
		if utf8.RuneCountInString(fields[0]) >= 3 && freq <= minLongFreq {
			continue
		}
		kept++
		fmt.Fprintln(w, sc.Text())
	}
	fmt.Fprintf(os.Stderr, "kept %d of %d entries\n", kept, total)
	return sc.Err()
}
