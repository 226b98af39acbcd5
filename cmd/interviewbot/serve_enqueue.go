package main

import (
	"context"

	"github.com/interviewbot/interviewbot/bot"
)

// EnqueuePosts hands a tick's due posts over in one call, retried as a
// whole like a single enqueue: the jobs are unique by post key, so a retry
// after a partial failure adds only what is missing.
func (c countedQueue) EnqueuePosts(ctx context.Context, posts []bot.DueJob) error {
	err := retryEnqueue(ctx, func() error { return c.q.EnqueuePosts(ctx, posts) })
	if err == nil {
		c.m.queued.WithLabelValues("post").Add(float64(len(posts)))
	}
	return err
}
