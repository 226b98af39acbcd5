package slack

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

// renderStep turns a mock-interview step into one DM message, in the order
// the terminal shows it: the review of the answer just given (or the skip),
// the hint, then the next question, the pause notice or the report.
func renderStep(st *bot.Step) message {
	lang := st.Session.Lang
	var bs []slack.Block
	var text []string
	switch {
	case st.Graded != nil:
		r := renderReview(st.Graded, lang)
		bs, text = append(bs, r...), append(text, fmt.Sprintf("%d/100", st.Graded.Score))
	case st.Skipped:
		bs, text = append(bs, section(msgSkipped.In(lang))), append(text, msgSkipped.In(lang))
	}
	if h := st.Hint; h != nil {
		line := fmt.Sprintf(msgHint.In(lang), h.Number, esc(strings.Join(h.Names, listSep.In(lang))), h.Remaining)
		bs, text = append(bs, section(line)), append(text, line)
	}
	switch {
	case st.Paused:
		s := st.Session
		line := fmt.Sprintf(msgPaused.In(lang), s.ID, min(s.Current+1, len(s.Plan)), len(s.Plan))
		bs, text = append(bs, section(line)), append(text, line)
	case st.Report != nil:
		bs = append(bs, slack.NewDividerBlock())
		bs = append(bs, renderReport(st.Session, st.Report)...)
		text = append(text, fmt.Sprintf(msgReportTitle.In(lang), st.Session.ID))
	case st.Next != nil && st.Hint == nil:
		if st.Resumed {
			line := fmt.Sprintf(msgResumed.In(lang), st.Session.ID, st.Next.Index+1, st.Next.Total)
			bs = append(bs, section(line))
		} else if st.Next.Index == 0 && st.Graded == nil && !st.Skipped {
			bs = append(bs, section(fmt.Sprintf(msgStarted.In(lang), st.Session.ID, st.Next.Total)))
		}
		bs = append(bs, renderPrompt(st.Next, lang)...)
		if st.Pending {
			bs = append(bs, contextLine(msgPending.In(lang)))
		}
		text = append(text, fmt.Sprintf(msgQuestion.In(lang), st.Next.Index+1, st.Next.Total, topicTitle(st.Next.Question.Topic, lang), difficulty(st.Next.Question.Difficulty), st.Next.Question.ID))
	}
	return message{text: strings.Join(text, " · "), blocks: capBlocks(bs)}
}

// renderPrompt is a question as asked in a mock interview: the round
// banner when the round changes, the position line, the question, the how-to.
func renderPrompt(p *bot.Prompt, lang bot.Lang) []slack.Block {
	var bs []slack.Block
	if p.NewRound {
		bs = append(bs, header(p.Round.Title(lang)))
	}
	q := p.Question
	bs = append(bs, contextLine(fmt.Sprintf(msgQuestion.In(lang), p.Index+1, p.Total, esc(topicTitle(q.Topic, lang)), difficulty(q.Difficulty), esc(q.ID))))
	bs = append(bs, sections(esc(strings.TrimSpace(q.Text.In(lang))))...)
	bs = append(bs, contextLine(msgHowTo.In(lang)))
	return bs
}

// renderReview is a grade in the reviewers' form: stars and score, then
// ✅ strengths, ⚠️ gaps, ❌ corrections, 💡 suggestions and the summary.
// Review items may quote the answer, so every item is escaped.
func renderReview(g *bot.Grade, lang bot.Lang) []slack.Block {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  "+msgScore.In(lang)+"\n", msgReviewHead.In(lang), stars(g.Stars), g.Score)
	r := g.Review
	for _, group := range []struct {
		mark  string
		items []string
	}{{"✅", r.Strengths}, {"⚠️", r.Gaps}, {"❌", r.Corrections}, {"💡", r.Suggestions}} {
		for _, it := range group.items {
			fmt.Fprintf(&b, "%s %s\n", group.mark, esc(oneLine(it)))
		}
	}
	if r.Summary != "" {
		fmt.Fprintf(&b, "_%s_\n", esc(oneLine(r.Summary)))
	}
	return sections(strings.TrimRight(b.String(), "\n"))
}

// renderReport is the final report: a rating per dimension with every
// option shown, the overall and five scores, the verdict and suggestions.
func renderReport(s *bot.MockSession, r *bot.Report) []slack.Block {
	lang := r.Lang
	bs := []slack.Block{header(fmt.Sprintf(msgReportTitle.In(lang), s.ID))}
	var b strings.Builder
	b.WriteString(msgAssessment.In(lang) + "\n")
	if len(r.Dimensions) == 0 {
		b.WriteString(msgNoDimensions.In(lang) + "\n")
	}
	for _, d := range r.Dimensions {
		var opts []string
		for _, rt := range bot.Ratings {
			if rt == d.Rating {
				opts = append(opts, "*["+rt.Title(lang)+"]*")
			} else {
				opts = append(opts, rt.Title(lang))
			}
		}
		count := fmt.Sprintf(msgQuestionCount.In(lang), d.Questions)
		if d.Questions == 1 {
			count = fmt.Sprintf(msgQuestionOne.In(lang), d.Questions)
		}
		fmt.Fprintf(&b, "• %s (%s): %s\n", d.Dimension.Title(lang), count, strings.Join(opts, " · "))
	}
	bs = append(bs, sections(b.String())...)
	b.Reset()
	fmt.Fprintf(&b, msgOverall.In(lang)+"\n", r.Overall)
	for _, sc := range r.Scores.Named() {
		fmt.Fprintf(&b, "• %s: %.1f/10\n", sc.Name.In(lang), sc.Value)
	}
	bs = append(bs, section(b.String()))
	b.Reset()
	b.WriteString(msgResult.In(lang) + "\n")
	for _, v := range bot.Verdicts {
		mark := "⬜"
		if v == r.Verdict {
			mark = "✅"
		}
		fmt.Fprintf(&b, "%s %s\n", mark, v.Title(lang))
	}
	bs = append(bs, section(b.String()))
	b.Reset()
	b.WriteString(msgSuggestions.In(lang) + "\n")
	if len(r.Suggestions) == 0 {
		b.WriteString(msgNoSuggestions.In(lang))
	}
	for i, sug := range r.Suggestions {
		fmt.Fprintf(&b, "%d. %s\n", i+1, esc(oneLine(sug)))
	}
	return append(bs, sections(b.String())...)
}

// renderDailyQuestion is the daily question post: the question, its topic
// and difficulty, how to answer, and the hint and my-score buttons.
func renderDailyQuestion(ch *bot.Channel, p *bot.Post, q *bot.Question) message {
	lang := channelLang(ch)
	reveal := msgRevealLater.In(lang)
	if !p.ClosesAt.IsZero() {
		reveal = fmt.Sprintf(msgRevealAt.In(lang), "<!date^"+fmt.Sprint(p.ClosesAt.Unix())+"^{time}|"+p.ClosesAt.UTC().Format("15:04 UTC")+">")
	}
	bs := []slack.Block{header(fmt.Sprintf(msgDailyTitle.In(lang), p.LocalDate))}
	bs = append(bs, sections(esc(strings.TrimSpace(q.Text.In(lang))))...)
	bs = append(bs,
		contextLine(fmt.Sprintf(msgDailyMeta.In(lang), esc(topicTitle(q.Topic, lang)), difficulty(q.Difficulty), esc(q.ID))),
		section(fmt.Sprintf(msgDailyHowTo.In(lang), reveal)),
		slack.NewActionBlock(blockDaily,
			button(actionHint, q.ID, msgHintButton.In(lang)),
			button(actionScore, q.ID, msgScoreButton.In(lang))),
	)
	return message{text: fmt.Sprintf(msgDailyTitle.In(lang), p.LocalDate) + ": " + clip(oneLine(q.Text.In(lang)), 200), blocks: capBlocks(bs)}
}

// renderReveal is the reference answer with its key points, posted in the
// question's thread.
func renderReveal(ch *bot.Channel, q *bot.Question) message {
	lang := channelLang(ch)
	bs := []slack.Block{section(msgRevealTitle.In(lang))}
	bs = append(bs, sections(esc(strings.TrimSpace(q.Reference.In(lang))))...)
	var b strings.Builder
	b.WriteString(msgKeyPoints.In(lang) + "\n")
	for _, kp := range q.Rubric.KeyPoints {
		fmt.Fprintf(&b, "• %s\n", esc(oneLine(kp.Point.In(lang))))
	}
	bs = append(bs, sections(b.String())...)
	if len(q.FollowUps) > 0 {
		b.Reset()
		b.WriteString(msgFollowUps.In(lang) + "\n")
		for _, f := range q.FollowUps {
			fmt.Fprintf(&b, "• %s\n", esc(oneLine(f.In(lang))))
		}
		bs = append(bs, sections(b.String())...)
	}
	return message{text: msgRevealTitle.In(lang) + " · " + q.ID, blocks: capBlocks(bs)}
}

// renderLeaderboard is a channel's ranking. People appear as Slack
// mentions of their user ids, never as free text.
func renderLeaderboard(lb *bot.Leaderboard, lang bot.Lang) message {
	title := fmt.Sprintf(msgLeaderTitle.In(lang), periodTitles[lb.Period].In(lang))
	bs := []slack.Block{header(title)}
	if len(lb.Entries) == 0 {
		bs = append(bs, section(msgLeaderEmpty.In(lang)))
	}
	var b strings.Builder
	for _, e := range lb.Entries {
		fmt.Fprintf(&b, msgLeaderLine.In(lang)+"\n", medal(e.Rank), person(e.Member), e.Points, e.Answers, e.AvgScore, e.Streak)
	}
	if b.Len() > 0 {
		bs = append(bs, sections(b.String())...)
	}
	if mi := lb.MostImproved; mi != nil {
		bs = append(bs, contextLine(fmt.Sprintf(msgMostImproved.In(lang), person(mi.Member))))
	}
	return message{text: title, blocks: capBlocks(bs)}
}

// renderStats is a member's own results.
func renderStats(st *bot.MemberStats, lang bot.Lang) []slack.Block {
	if st.Answers == 0 {
		return []slack.Block{section(msgNoStatsYet.In(lang))}
	}
	bs := []slack.Block{section(fmt.Sprintf(msgStatsLine.In(lang), st.Answers, st.AvgScore, st.Points, st.Streak, st.BestStreak))}
	if len(st.WeakestTopics) == 0 {
		return append(bs, contextLine(msgNoWeakest.In(lang)))
	}
	var names []string
	for _, t := range st.WeakestTopics {
		names = append(names, topicTitle(t, lang))
	}
	return append(bs, section(fmt.Sprintf(msgWeakest.In(lang), esc(strings.Join(names, listSep.In(lang))))))
}

// renderFeedback is the private grade of a daily answer.
func renderFeedback(a *bot.Answer, q *bot.Question, lang bot.Lang) message {
	bs := []slack.Block{contextLine(fmt.Sprintf(msgFeedbackHead.In(lang), esc(q.ID)))}
	if a.Grade == nil {
		bs = append(bs, section(msgNotGraded.In(lang)))
		return message{text: msgNotGraded.In(lang), blocks: bs}
	}
	bs = append(bs, renderReview(a.Grade, lang)...)
	return message{text: fmt.Sprintf("%s %d/100", q.ID, a.Grade.Score), blocks: capBlocks(bs)}
}

// person mentions a member by Slack user id; other platforms' members (and
// anything without an id) show their escaped name.
func person(m bot.Member) string {
	if m.Key.Platform == bot.PlatformSlack && validUserID(m.Key.UserID) {
		return "<@" + m.Key.UserID + ">"
	}
	if m.Name != "" {
		return esc(m.Name)
	}
	return fmt.Sprintf("#%d", m.ID)
}

// validUserID accepts Slack user ids (U…/W…, upper-case letters and digits),
// so a stored id can never smuggle markup into a mention.
func validUserID(id string) bool {
	if len(id) < 2 || (id[0] != 'U' && id[0] != 'W') {
		return false
	}
	for _, r := range id {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

func medal(rank int) string {
	switch rank {
	case 1:
		return "🥇"
	case 2:
		return "🥈"
	case 3:
		return "🥉"
	}
	return fmt.Sprintf("%d.", rank)
}

func topicTitle(name string, lang bot.Lang) string {
	if t, ok := bot.FindTopic(name); ok {
		return t.Title.In(lang)
	}
	return name
}

// difficulty draws 1-3 as filled and empty dots.
func difficulty(d int) string {
	d = min(3, max(1, d))
	return strings.Repeat("●", d) + strings.Repeat("○", 3-d)
}

// stars draws a 1-5 rating as ⭐ marks.
func stars(n int) string { return strings.Repeat("⭐", min(5, max(1, n))) }

func channelLang(ch *bot.Channel) bot.Lang {
	if ch != nil && ch.Lang != "" {
		return ch.Lang
	}
	return bot.LangZH
}
