package bot

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"
)

// Incoming is a member's message in a channel as an adapter hands it over,
// already verified and parsed.
type Incoming struct {
	Channel     ChannelKey
	ChannelName string
	Member      MemberKey
	MemberName  string
	// PostRef is the question message the reply is under (Slack thread_ts);
	// "" means the channel's open question (a WeCom group @-reply).
	PostRef string
	// MessageRef is the member's own message (Slack ts, WeCom MsgId). Edits
	// and deletes name it, so changing a later, uncounted reply leaves the
	// counted one alone. Optional: "" applies them to the counted answer.
	MessageRef  string
	Text        string
	DeliveryKey string // Slack event_id, WeCom MsgId: one effect per delivery
	At          time.Time
}

// Errors SubmitAnswer, EditAnswer and WithdrawAnswer return with the answer
// they concern, so an adapter can acknowledge without repeating itself.
var (
	// ErrDuplicateDelivery: the platform delivered this event before; the
	// first delivery's effect stands and nothing else happened.
	ErrDuplicateDelivery = &Error{Code: ECONFLICT, Message: "This message was already received."}
	// ErrAlreadyAnswered: only the first reply counts; the later one is
	// neither stored nor graded.
	ErrAlreadyAnswered = &Error{Code: ECONFLICT, Message: "Only your first reply counts as your answer: edit your first reply to change it."}
	// ErrNotCountedReply: the edited or deleted message is not the member's
	// counted answer, so nothing changed.
	ErrNotCountedReply = &Error{Code: ECONFLICT, Message: "That reply is not your counted answer; edit your first reply instead."}
)

// SubmitAnswer takes a member's reply to a daily question: it claims the
// delivery, finds the question post, stores the answer and enqueues its
// grading. The first reply is the member's answer; a later one returns the
// stored answer with ErrAlreadyAnswered. A redelivery returns the stored
// answer with ErrDuplicateDelivery and has no other effect. An answer after
// the reveal is stored and graded but earns no points.
func (d *Daily) SubmitAnswer(ctx context.Context, in Incoming) (*Answer, error) {
	first, err := d.claim(ctx, in)
	if err != nil {
		return nil, err
	}
	ch, m, p, err := d.resolve(ctx, in)
	if err != nil {
		return nil, err
	}
	if existing, err := d.store.FindMemberPostAnswer(ctx, p.ID, m.ID); err == nil {
		if !first {
			return &existing.Answer, ErrDuplicateDelivery
		}
		return &existing.Answer, ErrAlreadyAnswered
	} else if ErrorCode(err) != ENOTFOUND {
		return nil, fmt.Errorf("find answer to post %d: %w", p.ID, err)
	}
	// Not stored yet, even on a redelivery: the first try died before it
	// stored the answer, so this one does it (nothing is lost).
	if err := checkAnswerText(in.Text); err != nil {
		return nil, err
	}
	a := &PostAnswer{Answer: Answer{MemberID: m.ID, QuestionID: p.QuestionID, PostID: p.ID, Text: in.Text,
		Lang: d.answerLang(m, ch)}, MessageRef: in.MessageRef}
	if err := d.store.CreatePostAnswer(ctx, a); ErrorCode(err) == ECONFLICT {
		// A concurrent first reply of the same member won.
		existing, ferr := d.store.FindMemberPostAnswer(ctx, p.ID, m.ID)
		if ferr != nil {
			return nil, fmt.Errorf("find answer to post %d: %w", p.ID, ferr)
		}
		return &existing.Answer, ErrAlreadyAnswered
	} else if err != nil {
		return nil, fmt.Errorf("store answer to post %d: %w", p.ID, err)
	}
	if err := d.jobs.EnqueueGrade(ctx, a.ID); err != nil {
		// The answer is stored; a sweep or the member's edit grades it later.
		return &a.Answer, fmt.Errorf("enqueue grading of answer %d: %w", a.ID, err)
	}
	d.log.Info("answer received", slog.Int64("answer_id", a.ID), slog.Int64("post_id", p.ID),
		slog.Int64("member_id", m.ID), slog.Bool("late", Late(p, a.CreatedAt)))
	return &a.Answer, nil
}

// EditAnswer replaces the text of the member's counted answer and grades it
// again; the new grade is appended to the old ones.
func (d *Daily) EditAnswer(ctx context.Context, in Incoming) (*Answer, error) {
	a, first, err := d.counted(ctx, in)
	if err != nil || !first {
		return answerOf(a), err
	}
	if err := checkAnswerText(in.Text); err != nil {
		return nil, err
	}
	if err := d.store.UpdateAnswerText(ctx, a.ID, in.Text, d.now().UTC()); err != nil {
		return nil, fmt.Errorf("edit answer %d: %w", a.ID, err)
	}
	if err := d.jobs.EnqueueGrade(ctx, a.ID); err != nil {
		return nil, fmt.Errorf("enqueue grading of answer %d: %w", a.ID, err)
	}
	a.Text = in.Text
	return &a.Answer, nil
}

// WithdrawAnswer stops the member's counted answer from counting: they
// deleted the message. A later reply may then become their answer.
func (d *Daily) WithdrawAnswer(ctx context.Context, in Incoming) (*Answer, error) {
	a, first, err := d.counted(ctx, in)
	if err != nil || !first {
		return answerOf(a), err
	}
	if err := d.store.WithdrawAnswer(ctx, a.ID, d.now().UTC()); err != nil {
		return nil, fmt.Errorf("withdraw answer %d: %w", a.ID, err)
	}
	a.Withdrawn = true
	return &a.Answer, nil
}

// counted claims the delivery and finds the member's counted answer that
// in's message is. first is false (with ErrDuplicateDelivery) on a
// redelivery.
func (d *Daily) counted(ctx context.Context, in Incoming) (*PostAnswer, bool, error) {
	first, err := d.claim(ctx, in)
	if err != nil {
		return nil, false, err
	}
	_, m, p, err := d.resolve(ctx, in)
	if err != nil {
		return nil, false, err
	}
	a, err := d.store.FindMemberPostAnswer(ctx, p.ID, m.ID)
	if err != nil {
		return nil, false, fmt.Errorf("find answer to post %d: %w", p.ID, err)
	}
	if !first {
		return a, false, ErrDuplicateDelivery
	}
	if in.MessageRef != "" && a.MessageRef != "" && in.MessageRef != a.MessageRef {
		return a, false, ErrNotCountedReply
	}
	return a, true, nil
}

func answerOf(a *PostAnswer) *Answer {
	if a == nil {
		return nil
	}
	return &a.Answer
}

// claim records the delivery key; false means it was seen before.
func (d *Daily) claim(ctx context.Context, in Incoming) (bool, error) {
	if in.DeliveryKey == "" {
		return false, Errorf(EINVALID, "A message without a delivery key cannot be processed exactly once.")
	}
	at := in.At
	if at.IsZero() {
		at = d.now()
	}
	first, err := d.store.ClaimDelivery(ctx, in.Channel.Platform, in.DeliveryKey, at.UTC())
	if err != nil {
		return false, fmt.Errorf("claim delivery %s: %w", in.DeliveryKey, err)
	}
	return first, nil
}

// resolve finds the channel, the member and the question post in answers.
func (d *Daily) resolve(ctx context.Context, in Incoming) (*Channel, *Member, *Post, error) {
	ch := &Channel{Key: in.Channel, Name: in.ChannelName}
	if err := d.store.UpsertChannel(ctx, ch); err != nil {
		return nil, nil, nil, fmt.Errorf("upsert channel: %w", err)
	}
	m := &Member{Key: in.Member, Name: in.MemberName}
	if err := d.store.UpsertMember(ctx, m); err != nil {
		return nil, nil, nil, fmt.Errorf("upsert member: %w", err)
	}
	var p *Post
	var err error
	if in.PostRef != "" {
		p, err = d.store.FindPostByRef(ctx, ch.ID, in.PostRef)
	} else {
		p, err = d.store.LatestPost(ctx, ch.ID, PostQuestion)
	}
	if ErrorCode(err) == ENOTFOUND || err == nil && (p.Kind != PostQuestion || !p.Sent()) {
		return nil, nil, nil, Errorf(ENOTFOUND, "That message does not answer a daily question.")
	} else if err != nil {
		return nil, nil, nil, fmt.Errorf("find question post: %w", err)
	}
	return ch, m, p, nil
}

// checkAnswerText rejects what cannot be graded, with words for the member.
func checkAnswerText(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return Errorf(EINVALID, "Your answer is empty; reply with your answer in words.")
	case len(s) > MaxAnswerBytes:
		return Errorf(EINVALID, "Your answer is too long (%d KB); keep it under %d KB.", len(s)>>10, MaxAnswerBytes>>10)
	case !utf8.ValidString(s) || strings.ContainsRune(s, 0):
		return Errorf(EINVALID, "Your answer contains bytes that are not text; paste it again as plain text.")
	}
	return nil
}

// answerLang is the language feedback is given in: the member's, else the
// channel's; "" lets the grader detect it from the answer.
func (d *Daily) answerLang(m *Member, ch *Channel) Lang {
	if m.Lang != "" {
		return m.Lang
	}
	return ch.Lang
}
