package bot

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// Interview sizes. The seed record asks ten questions in three rounds; a
// practice session defaults to six so it fits in a coffee break.
const (
	DefaultQuestions = 6
	MaxQuestions     = 15
)

// rounds lists the interview rounds in the order they are asked.
var rounds = []Round{RoundBasics, RoundArchitecture, RoundEngineering}

// RoundQuota splits n questions over the three rounds: an even share each,
// the remainder going to the earlier rounds (10 → 4/3/3 like the seed
// record, 6 → 2/2/2, 4 → 2/1/1).
func RoundQuota(n int) map[Round]int {
	q := make(map[Round]int, len(rounds))
	for i, r := range rounds {
		q[r] = n / len(rounds)
		if i < n%len(rounds) {
			q[r]++
		}
	}
	return q
}

// PlanInterview picks n questions from pool for a mock interview, ordered by
// round. Within a round it takes topics in turn (so one topic does not
// dominate) and, inside a topic, the difficulty least represented so far (so
// the mix spans easy to hard); the round is then asked easiest first. A round
// with too few questions lends its share to the others. avoid lists question
// ids asked recently; they are used only when nothing fresh is left. The
// result depends only on pool order and rnd, so a seeded rnd gives a
// reproducible plan.
func PlanInterview(pool []*Question, n int, avoid []string, rnd *rand.Rand) []string {
	byRound := make(map[Round][]*Question)
	for _, q := range pool {
		byRound[q.Round()] = append(byRound[q.Round()], q)
	}
	quota := RoundQuota(n)
	picked := make(map[Round][]*Question)
	// First pass: each round its quota; second pass: fill the shortfall
	// from whichever rounds still have questions, in round order.
	short := 0
	for _, r := range rounds {
		got := pickRound(byRound[r], quota[r], avoid, nil, rnd)
		picked[r] = got
		short += quota[r] - len(got)
	}
	for _, r := range rounds {
		if short == 0 {
			break
		}
		more := pickRound(byRound[r], short, avoid, picked[r], rnd)
		picked[r] = append(picked[r], more...)
		short -= len(more)
	}
	var plan []string
	for _, r := range rounds {
		qs := picked[r]
		slices.SortStableFunc(qs, func(a, b *Question) int { return cmp.Compare(a.Difficulty, b.Difficulty) })
		for _, q := range qs {
			plan = append(plan, q.ID)
		}
	}
	return plan
}

// pickRound chooses up to k questions from cands that are not in taken,
// preferring ids not in avoid.
func pickRound(cands []*Question, k int, avoid []string, taken []*Question, rnd *rand.Rand) []*Question {
	var fresh, stale []*Question
	for _, q := range cands {
		switch {
		case slices.Contains(taken, q):
		case slices.Contains(avoid, q.ID):
			stale = append(stale, q)
		default:
			fresh = append(fresh, q)
		}
	}
	out := spread(fresh, k, taken, rnd)
	if len(out) < k {
		out = append(out, spread(stale, k-len(out), append(slices.Clone(taken), out...), rnd)...)
	}
	return out
}

// spread takes up to k questions from cands, one topic at a time in a
// shuffled topic order, each time choosing the difficulty least used so far
// among already (taken) and newly chosen questions.
func spread(cands []*Question, k int, taken []*Question, rnd *rand.Rand) []*Question {
	cands = slices.Clone(cands)
	rnd.Shuffle(len(cands), func(i, j int) { cands[i], cands[j] = cands[j], cands[i] })
	byTopic := make(map[string][]*Question)
	var topics []string
	for _, q := range cands {
		if _, ok := byTopic[q.Topic]; !ok {
			topics = append(topics, q.Topic)
		}
		byTopic[q.Topic] = append(byTopic[q.Topic], q)
	}
	used := make(map[int]int)
	for _, q := range taken {
		used[q.Difficulty]++
	}
	var out []*Question
	for len(out) < k {
		progress := false
		for _, t := range topics {
			if len(out) == k {
				break
			}
			qs := byTopic[t]
			if len(qs) == 0 {
				continue
			}
			best := 0
			for i, q := range qs {
				if used[q.Difficulty] < used[qs[best].Difficulty] {
					best = i
				}
			}
			out = append(out, qs[best])
			used[qs[best].Difficulty]++
			byTopic[t] = slices.Delete(qs, best, best+1)
			progress = true
		}
		if !progress {
			break
		}
	}
	return out
}
