package llm

import (
	"strings"
	"testing"
)

// BenchmarkScanInjection measures the scan every answer goes through, on a
// long mixed-language answer.
func BenchmarkScanInjection(b *testing.B) {
	answer := strings.Repeat(baseEN[1]+" "+baseZH[1]+"\n", 40) + injections[0].text
	b.SetBytes(int64(len(answer)))
	for b.Loop() {
		if !scanInjection(answer).found() {
			b.Fatal("attack not found")
		}
	}
}

// BenchmarkVerify measures the evidence check on a verdict with every point covered.
func BenchmarkVerify(b *testing.B) {
	q := MustQuestion(b, "go-gmp-scheduler")
	v := honestVerdict(q, gmpAnswer)
	for b.Loop() {
		v.verify(gmpAnswer)
	}
}
