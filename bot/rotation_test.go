package bot

import (
	"fmt"
	"slices"
	"testing"
)

func poolOf(n int) []*Question {
	var qs []*Question
	topics := []string{"go-runtime", "networking", "os"}
	for i := range n {
		qs = append(qs, &Question{ID: fmt.Sprintf("q%02d", i), Topic: topics[(i/3)%3], Difficulty: 1 + i%3})
	}
	return qs
}

// TestRotationNoRepeatUntilExhausted asks three full cycles of a pool and
// checks each cycle holds every question exactly once.
func TestRotationNoRepeatUntilExhausted(t *testing.T) {
	pool := poolOf(7)
	var asked []string
	for day := range 3 * len(pool) {
		q, err := Rotation{Pool: pool, Asked: asked}.Next(1, fmt.Sprintf("2026-03-%02d", day%28+1))
		if err != nil {
			t.Fatalf("Next on day %d: %v", day, err)
		}
		asked = append(asked, q.ID)
	}
	for c := range 3 {
		cycle := slices.Clone(asked[c*len(pool) : (c+1)*len(pool)])
		slices.Sort(cycle)
		if got := len(slices.Compact(cycle)); got != len(pool) {
			t.Errorf("cycle %d asked %d distinct questions of %d: %v", c, got, len(pool), asked)
		}
	}
}

func TestRotationRemaining(t *testing.T) {
	pool := poolOf(3)
	tests := []struct {
		name  string
		asked []string
		want  []string
	}{
		{"nothing asked", nil, []string{"q00", "q01", "q02"}},
		{"one asked", []string{"q01"}, []string{"q00", "q02"}},
		{"exhausted starts over", []string{"q00", "q01", "q02"}, []string{"q00", "q01", "q02"}},
		{"second cycle", []string{"q00", "q01", "q02", "q02"}, []string{"q00", "q01"}},
		{"outside the pool is ignored", []string{"gone", "q00"}, []string{"q01", "q02"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, q := range (Rotation{Pool: pool, Asked: tt.asked}).Remaining() {
				got = append(got, q.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Remaining = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRotationDifficultyMix checks the picks follow DifficultyMix while the
// pool has every difficulty, and avoid repeating the previous topic.
func TestRotationDifficultyMix(t *testing.T) {
	pool := poolOf(30)
	var asked []string
	lastTopic := ""
	for i := range 10 {
		q, err := Rotation{Pool: pool, Asked: asked}.Next(7, "2026-03-02")
		if err != nil {
			t.Fatalf("Next #%d: %v", i, err)
		}
		if want := DifficultyMix[i%len(DifficultyMix)]; q.Difficulty != want {
			t.Errorf("pick #%d %s has difficulty %d, want %d", i, q.ID, q.Difficulty, want)
		}
		if q.Topic == lastTopic {
			t.Errorf("pick #%d %s repeats topic %s", i, q.ID, q.Topic)
		}
		lastTopic = q.Topic
		asked = append(asked, q.ID)
	}
}

func TestRotationEmptyPool(t *testing.T) {
	_, err := Rotation{}.Next(1, "2026-03-02")
	if got := ErrorCode(err); got != EINVALID {
		t.Errorf("Next on an empty pool: code %q (%v), want %q", got, err, EINVALID)
	}
}
