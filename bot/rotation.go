package bot

import (
	"encoding/binary"
	"hash/fnv"
	"slices"
)

// DifficultyMix is the order of difficulties a channel's questions follow:
// mostly medium, an easy one to keep everyone in, a hard one to stretch.
// The n-th question of a channel aims at DifficultyMix[n % len].
var DifficultyMix = []int{2, 1, 2, 3, 2}

// Rotation picks a channel's next daily question. It never repeats a
// question until every question of the channel's pool (its tracks, topics
// and difficulties) has been asked; then a new cycle starts. Within what is
// left it aims at the difficulty mix, avoids the previous question's topic
// when it can, and breaks ties with a hash of the channel, date and question,
// so the choice is the same on every replica and in every test run.
type Rotation struct {
	Pool  []*Question // the channel's filtered pool, in bank order
	Asked []string    // question ids posted in the channel, oldest first
}

// Remaining returns the pool's questions not asked in the current cycle.
func (r Rotation) Remaining() []*Question {
	inPool := make(map[string]bool, len(r.Pool))
	for _, q := range r.Pool {
		inPool[q.ID] = true
	}
	cycle := map[string]bool{}
	for _, id := range r.Asked {
		if !inPool[id] {
			continue // the filter changed or the question left the bank
		}
		cycle[id] = true
		if len(cycle) == len(inPool) {
			cycle = map[string]bool{} // the pool is exhausted: a new cycle
		}
	}
	var out []*Question
	for _, q := range r.Pool {
		if !cycle[q.ID] {
			out = append(out, q)
		}
	}
	return out
}

// Next picks the question for the channel's post on localDate. It fails with
// EINVALID when the pool is empty.
func (r Rotation) Next(channelID int64, localDate string) (*Question, error) {
	left := r.Remaining()
	if len(left) == 0 {
		return nil, Errorf(EINVALID, "No question matches this channel's filter (tracks, topics, difficulty); widen it.")
	}
	want := DifficultyMix[len(r.Asked)%len(DifficultyMix)]
	lastTopic := ""
	if n := len(r.Asked); n > 0 {
		for _, q := range r.Pool {
			if q.ID == r.Asked[n-1] {
				lastTopic = q.Topic
			}
		}
	}
	// Closest difficulty first, then a new topic, then the stable hash.
	best := slices.MinFunc(left, func(a, b *Question) int {
		if da, db := abs(a.Difficulty-want), abs(b.Difficulty-want); da != db {
			return da - db
		}
		if sa, sb := a.Topic == lastTopic, b.Topic == lastTopic; sa != sb {
			if sa {
				return 1
			}
			return -1
		}
		ha, hb := pickHash(channelID, localDate, a.ID), pickHash(channelID, localDate, b.ID)
		switch {
		case ha < hb:
			return -1
		case ha > hb:
			return 1
		}
		return 0
	})
	return best, nil
}

func pickHash(channelID int64, localDate, questionID string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(channelID))
	h.Write(b[:])
	h.Write([]byte(localDate))
	h.Write([]byte{0})
	h.Write([]byte(questionID))
	return h.Sum64()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
