package llm

import "sync/atomic"

// Stats counts what the judge did since it started, for metrics and tests.
type Stats struct {
	Calls         int64 // requests sent to the model, retries included
	Retries       int64 // attempts made after a failed one
	Fallbacks     int64 // grades the rubric scorer produced alone
	CacheHits     int64 // grades served from the cache
	Injections    int64 // answers flagged as prompt injection
	Disagreements int64 // grades flagged for judge/rubric disagreement
}

type stats struct {
	calls, retries, fallbacks, cacheHits, injections, disagreements atomic.Int64
}

// Stats returns the counters.
func (j *Judge) Stats() Stats {
	s := &j.stats
	return Stats{
		Calls: s.calls.Load(), Retries: s.retries.Load(), Fallbacks: s.fallbacks.Load(),
		CacheHits: s.cacheHits.Load(), Injections: s.injections.Load(), Disagreements: s.disagreements.Load(),
	}
}
