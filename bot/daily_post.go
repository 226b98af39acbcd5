package bot

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// PostQuestion posts the channel's daily question for localDate, once. The
// question is picked by the channel's Rotation when the post is first
// claimed and stored with the claim, so a resend sends the same question.
// It does nothing on a paused channel, a skip date, or once the local date
// is over: a question is never a day late.
func (d *Daily) PostQuestion(ctx context.Context, channelID int64, localDate string) (*Post, error) {
	cc, pc, err := d.loadPost(ctx, channelID, PostQuestion, localDate)
	if err != nil {
		return nil, err
	}
	now := d.now()
	if reason := d.skipReason(cc, localDate, now); reason != "" {
		return nil, Errorf(ECONFLICT, "No question for channel %d on %s: %s.", channelID, localDate, reason)
	}
	p := pc.Post
	if p == nil {
		if p, err = d.newQuestionPost(cc, pc.Asked, localDate, now); err != nil {
			return nil, err
		}
	}
	return d.claimAndSend(ctx, cc.ch, p, func(ctx context.Context, m Messenger, p *Post) (string, error) {
		// p may be another worker's claim: send the question it recorded.
		q, err := d.bank.Find(p.QuestionID)
		if err != nil {
			return "", fmt.Errorf("question post %d: %w", p.ID, err)
		}
		return m.PostQuestion(ctx, cc.ch, p, q)
	})
}

// skipReason says why no question or leaderboard goes out for localDate
// now, or "" when one may.
func (d *Daily) skipReason(cc *channelContext, localDate string, now time.Time) string {
	switch {
	case cc.sched.Paused:
		return "the channel is paused"
	case cc.sched.Skips(localDate):
		return "it is a skip date"
	case LocalDate(now, cc.loc) != localDate:
		return "that date is not today in the channel's zone"
	}
	return ""
}

// newQuestionPost picks the next question and builds the post to claim.
// It closes at the first reveal time after both its scheduled time and now,
// so a question posted late after a downtime still gets its answer window.
func (d *Daily) newQuestionPost(cc *channelContext, asked []string, localDate string, now time.Time) (*Post, error) {
	var pool []*Question
	for _, q := range d.bank.All() {
		if cc.sched.matches(q) {
			pool = append(pool, q)
		}
	}
	q, err := Rotation{Pool: pool, Asked: asked}.Next(cc.ch.ID, localDate)
	if err != nil {
		return nil, err
	}
	p := &Post{ChannelID: cc.ch.ID, Kind: PostQuestion, LocalDate: localDate, QuestionID: q.ID}
	if cc.sched.RevealCron != "" {
		cs, err := d.parse(cc.sched.RevealCron, cc.loc)
		if err != nil {
			return nil, Errorf(EINVALID, "The reveal time %q of channel %d is not a valid cron spec.", cc.sched.RevealCron, cc.ch.ID)
		}
		from := now
		if fire, ok, err := d.firstFire(cc.sched.PostCron, cc.loc, localDate); err == nil && ok && fire.After(now) {
			from = fire
		}
		p.ClosesAt = cs.Next(from).UTC()
	}
	return p, nil
}

// Reveal posts the reference answer of the question posted on localDate,
// once. Without a sent question for that date there is nothing to reveal:
// ENOTFOUND.
func (d *Daily) Reveal(ctx context.Context, channelID int64, localDate string) (*Post, error) {
	cc, pc, err := d.loadPost(ctx, channelID, PostReveal, localDate)
	if err != nil {
		return nil, err
	}
	qp := pc.Question
	if qp == nil {
		return nil, Errorf(ENOTFOUND, "Reveal channel %d on %s: no question post of that date.", channelID, localDate)
	}
	if !qp.Sent() {
		return nil, Errorf(ENOTFOUND, "The question of %s in channel %d was never posted; nothing to reveal.", localDate, channelID)
	}
	if now := d.now(); !qp.ClosesAt.IsZero() && now.Sub(qp.ClosesAt) > d.revealCatchUp {
		return nil, Errorf(ECONFLICT, "The reveal of %s in channel %d is more than %v late; skipped.", localDate, channelID, d.revealCatchUp)
	}
	q, err := d.bank.Find(qp.QuestionID)
	if err != nil {
		return nil, fmt.Errorf("reveal post of %s: %w", localDate, err)
	}
	p := pc.Post
	if p == nil {
		p = &Post{ChannelID: channelID, Kind: PostReveal, LocalDate: localDate, QuestionID: qp.QuestionID}
	}
	return d.claimAndSend(ctx, cc.ch, p, func(ctx context.Context, m Messenger, _ *Post) (string, error) {
		return m.PostReveal(ctx, cc.ch, qp, q)
	})
}

// PostLeaderboard posts the weekly leaderboard on localDate, once. It shows
// the week (Monday to Sunday, local) that contains the day before, so the
// default Monday post shows the week just ended. A board already sent is
// not read again.
func (d *Daily) PostLeaderboard(ctx context.Context, channelID int64, localDate string) (*Post, error) {
	cc, pc, err := d.loadPost(ctx, channelID, PostLeaderboard, localDate)
	if err != nil {
		return nil, err
	}
	now := d.now()
	if reason := d.skipReason(cc, localDate, now); reason != "" {
		return nil, Errorf(ECONFLICT, "No leaderboard for channel %d on %s: %s.", channelID, localDate, reason)
	}
	p := pc.Post
	if p != nil && p.Sent() {
		return p, nil
	}
	day, err := time.ParseInLocation(time.DateOnly, localDate, cc.loc)
	if err != nil {
		return nil, Errorf(EINVALID, "Bad local date %q.", localDate)
	}
	lb, err := d.leaderboard(ctx, cc, PeriodWeek, day.AddDate(0, 0, -1), now)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = &Post{ChannelID: channelID, Kind: PostLeaderboard, LocalDate: localDate}
	}
	return d.claimAndSend(ctx, cc.ch, p, func(ctx context.Context, m Messenger, _ *Post) (string, error) {
		return m.PostLeaderboard(ctx, cc.ch, lb)
	})
}

// claimAndSend sends p once. A post with no ID is claimed first (CreatePost);
// ECONFLICT means someone else claimed it: if it is sent, it is done; if not,
// it is taken over only when its claim is older than the lease, so two
// workers never send it at the same time.
//
// The one window that remains at-least-once: a worker dies (or loses its
// database) after the platform accepted the message and before MarkPostSent.
// The lease then expires and another worker sends it again. It is narrowed
// three ways: the send is bounded by SendTimeout, well inside the lease;
// MarkPostSent runs right after the send on a context the caller cannot
// cancel, with retries; and a Messenger that implements PostFinder is asked
// whether the post is already in the channel before a takeover resends it.
func (d *Daily) claimAndSend(ctx context.Context, ch *Channel, p *Post,
	send func(context.Context, Messenger, *Post) (string, error)) (*Post, error) {
	m, err := d.messenger(ch)
	if err != nil {
		return nil, err
	}
	now := d.now().UTC()
	if p.ID == 0 {
		err := d.store.CreatePost(ctx, p)
		if ErrorCode(err) == ECONFLICT {
			existing, ferr := d.store.FindPostByKey(ctx, p.ChannelID, p.Kind, p.LocalDate)
			if ferr != nil {
				return nil, fmt.Errorf("find claimed %s post: %w", p.Kind, ferr)
			}
			p = existing
		} else if err != nil {
			return nil, fmt.Errorf("claim %s post of %s: %w", p.Kind, p.LocalDate, err)
		} else {
			return d.send(ctx, m, ch, p, send)
		}
	}
	if p.Sent() {
		return p, nil
	}
	ok, err := d.store.ReclaimPost(ctx, p.ID, now.Add(-d.lease), now)
	if err != nil {
		return nil, fmt.Errorf("reclaim %s post %d: %w", p.Kind, p.ID, err)
	}
	if !ok {
		return nil, Errorf(EUNAVAILABLE, "The %s post of %s in channel %d is being sent by another worker.", p.Kind, p.LocalDate, p.ChannelID)
	}
	if f, isFinder := m.(PostFinder); isFinder {
		ref, found, err := f.FindPosted(ctx, ch, p)
		if err != nil {
			return nil, fmt.Errorf("look for %s post %d on the platform: %w", p.Kind, p.ID, err)
		}
		if found {
			d.log.Warn("post was sent but not recorded; recording it", slog.Int64("post_id", p.ID))
			return p, d.markSent(ctx, p, ref)
		}
	}
	d.log.Warn("taking over an unsent post", slog.Int64("post_id", p.ID), slog.String("kind", string(p.Kind)),
		slog.Time("claimed_at", p.ClaimedAt))
	return d.send(ctx, m, ch, p, send)
}

// send calls the platform and records the reference.
func (d *Daily) send(ctx context.Context, m Messenger, ch *Channel, p *Post,
	send func(context.Context, Messenger, *Post) (string, error)) (*Post, error) {
	sctx, cancel := context.WithTimeout(ctx, d.sendTimeout)
	ref, err := send(sctx, m, p)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("send %s post %d to channel %d: %w", p.Kind, p.ID, ch.ID, err)
	}
	if ref == "" {
		ref = fmt.Sprintf("post-%d", p.ID) // the platform gave none; the post is out all the same
	}
	if err := d.markSent(ctx, p, ref); err != nil {
		return nil, err
	}
	d.log.Info("post sent", slog.Int64("channel_id", ch.ID), slog.String("kind", string(p.Kind)),
		slog.String("local_date", p.LocalDate), slog.String("question_id", p.QuestionID))
	return p, nil
}

// markSent records the send on a context the caller cannot cancel, retrying
// a few times: every moment between the platform's acceptance and this
// write is a moment in which a crash means a duplicate.
func (d *Daily) markSent(ctx context.Context, p *Post, ref string) error {
	ctx = context.WithoutCancel(ctx)
	at := d.now().UTC()
	var err error
	for attempt := range 3 {
		if err = d.store.MarkPostSent(ctx, p.ID, ref, at); err == nil {
			p.Ref, p.SentAt = ref, at
			return nil
		}
		if ErrorCode(err) != EUNAVAILABLE {
			break
		}
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
	return fmt.Errorf("mark %s post %d sent: %w", p.Kind, p.ID, err)
}
