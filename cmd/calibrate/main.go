// Command calibrate compares the grades `interviewbot grade --jsonl` wrote
// with the human scores of a calibration file and prints Pearson r and RMSE.
// It is a development tool behind `make calibrate`; the product never needs
// it or the calibration data.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
)

// gold is the part of a calibration line this tool reads.
type gold struct {
	ID    string  `json:"id"`
	Human float64 `json:"human"`
	Max   float64 `json:"max"`
}

// pred is the part of a grade line this tool reads.
type pred struct {
	ID    string `json:"id"`
	Score *int   `json:"score"`
	Error string `json:"error"`
}

func main() {
	goldPath := flag.String("gold", "", "calibration file (JSON lines with id, human, max)")
	predPath := flag.String("pred", "", "grades written by interviewbot grade --jsonl")
	flag.Parse()
	if err := run(*goldPath, *predPath); err != nil {
		fmt.Fprintln(os.Stderr, "calibrate:", err)
		os.Exit(1)
	}
}

func run(goldPath, predPath string) error {
	golds, err := readLines[gold](goldPath)
	if err != nil {
		return err
	}
	preds, err := readLines[pred](predPath)
	if err != nil {
		return err
	}
	byID := make(map[string]pred, len(preds))
	for _, p := range preds {
		byID[p.ID] = p
	}
	var xs, ys []float64
	var sq float64
	failed := 0
	for _, g := range golds {
		p, ok := byID[g.ID]
		if !ok || p.Score == nil {
			failed++
			continue
		}
		x := float64(*p.Score) / 100 * g.Max
		xs, ys = append(xs, x), append(ys, g.Human)
		sq += (x - g.Human) * (x - g.Human)
	}
	if len(xs) < 2 {
		return fmt.Errorf("%s: fewer than two graded lines", goldPath)
	}
	fmt.Printf("%-24s n=%-5d failed=%-3d pearson_r=%.3f rmse=%.3f\n",
		filepath.Base(goldPath), len(xs), failed, pearson(xs, ys), math.Sqrt(sq/float64(len(xs))))
	return nil
}

func pearson(xs, ys []float64) float64 {
	n := float64(len(xs))
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range xs {
		dx, dy := xs[i]-mx, ys[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0
	}
	return sxy / math.Sqrt(sxx*syy)
}

func readLines[T any](path string) ([]T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}
