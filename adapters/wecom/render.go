package wecom

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// The render functions turn bot values into WeCom markdown. Question and
// rubric text comes from the bank and is shown as written; anything a
// member typed or named goes through esc.

// renderDailyQuestion is the group post of the day's question.
func renderDailyQuestion(ch *bot.Channel, p *bot.Post, q *bot.Question, lang bot.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgDailyTitle.In(lang)+"\n", p.LocalDate)
	fmt.Fprintf(&b, msgDailyMeta.In(lang)+"\n", topicTitle(q, lang), difficulty(q.Difficulty), q.ID)
	quote(&b, q.Text.In(lang))
	b.WriteString(msgDailyHowTo.In(lang) + "\n")
	if !p.ClosesAt.IsZero() {
		fmt.Fprintf(&b, msgDailyCloses.In(lang)+"\n", p.ClosesAt.In(channelLocation(ch)).Format("15:04"))
	}
	return b.String()
}

// renderReveal is the follow-up message with the reference answer: WeCom
// has no threads, so it names the question again.
func renderReveal(question *bot.Post, q *bot.Question, lang bot.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgRevealTitle.In(lang)+"\n", question.LocalDate)
	quote(&b, q.Text.In(lang))
	b.WriteString(strings.TrimSpace(q.Reference.In(lang)) + "\n\n")
	b.WriteString(msgKeyPoints.In(lang) + "\n")
	for _, kp := range q.Rubric.KeyPoints {
		fmt.Fprintf(&b, "- %s\n", oneLine(kp.Point.In(lang)))
	}
	return b.String()
}

// renderLeaderboard is the ranking with medals for the top three.
func renderLeaderboard(lb *bot.Leaderboard, lang bot.Lang) string {
	var b strings.Builder
	title, ok := msgBoardTitle[lb.Period]
	if !ok {
		title = msgBoardTitle[bot.PeriodWeek]
	}
	b.WriteString(title.In(lang) + "\n")
	if len(lb.Entries) == 0 {
		b.WriteString(msgBoardEmpty.In(lang) + "\n")
	}
	for _, e := range lb.Entries {
		fmt.Fprintf(&b, "> "+msgBoardLine.In(lang)+"\n", medal(e.Rank), memberName(e.Member), e.Points, e.Answers, e.AvgScore, e.Streak)
	}
	if m := lb.MostImproved; m != nil {
		fmt.Fprintf(&b, msgMostImproved.In(lang)+"\n", memberName(m.Member), lb.Improvement)
	}
	return b.String()
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

// memberName is how a member appears on a board: their name, else their id.
func memberName(m bot.Member) string {
	if m.Name != "" {
		return esc(m.Name)
	}
	return esc(m.Key.UserID)
}

// renderFeedback is the private grade of a daily answer.
func renderFeedback(a *bot.Answer, q *bot.Question, lang bot.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, msgFeedback.In(lang)+"\n", q.ID)
	quote(&b, q.Text.In(lang))
	if a.Grade != nil {
		renderReview(&b, a.Grade, lang)
	}
	return b.String()
}

// renderStats is a member's own results.
func renderStats(st *bot.MemberStats, lang bot.Lang) string {
	var b strings.Builder
	b.WriteString(msgStatsTitle.In(lang) + "\n")
	if st.Answers == 0 {
		b.WriteString(msgStatsNoAnswer.In(lang) + "\n")
		return b.String()
	}
	fmt.Fprintf(&b, msgStatsBody.In(lang)+"\n", st.Answers, st.Points, st.AvgScore, st.Streak, st.BestStreak)
	if len(st.WeakestTopics) > 0 {
		var names []string
		for _, t := range st.WeakestTopics {
			if tp, ok := bot.FindTopic(t); ok {
				t = tp.Title.In(lang)
			}
			names = append(names, t)
		}
		fmt.Fprintf(&b, msgStatsWeakest.In(lang)+"\n", strings.Join(names, listSep.In(lang)))
	}
	return b.String()
}

// renderStep shows a mock-interview step in display order: the review of
// the answer just given (or the skip), the hint, then the next question,
// the pause notice or the report.
func renderStep(st *bot.Step) string {
	lang := st.Session.Lang
	var b strings.Builder
	switch {
	case st.Graded != nil:
		renderReview(&b, st.Graded, lang)
	case st.Skipped:
		b.WriteString(msgSkipped.In(lang) + "\n")
	}
	if h := st.Hint; h != nil {
		fmt.Fprintf(&b, msgHint.In(lang)+"\n", h.Number, strings.Join(h.Names, listSep.In(lang)), h.Remaining)
	}
	switch {
	case st.Paused:
		s := st.Session
		fmt.Fprintf(&b, msgPaused.In(lang)+"\n", s.ID, min(s.Current+1, len(s.Plan)), len(s.Plan))
	case st.Report != nil:
		b.WriteString("\n")
		renderReport(&b, st.Session, st.Report)
	case st.Next != nil && st.Hint == nil:
		if st.Resumed {
			fmt.Fprintf(&b, msgResumed.In(lang)+"\n", st.Session.ID, st.Next.Index+1, st.Next.Total)
		} else if st.Next.Index == 0 && st.Graded == nil && !st.Skipped {
			fmt.Fprintf(&b, msgStarted.In(lang)+"\n", st.Session.ID, st.Next.Total)
		}
		renderPrompt(&b, st.Next, lang)
		if st.Pending {
			b.WriteString(msgPending.In(lang) + "\n")
		}
	}
	return b.String()
}

func renderPrompt(b *strings.Builder, p *bot.Prompt, lang bot.Lang) {
	if p.NewRound {
		fmt.Fprintf(b, "\n"+msgRound.In(lang)+"\n", p.Round.Title(lang))
	}
	q := p.Question
	fmt.Fprintf(b, msgQuestion.In(lang)+"\n", p.Index+1, p.Total, topicTitle(q, lang), difficulty(q.Difficulty), q.ID)
	quote(b, q.Text.In(lang))
	b.WriteString(msgHowTo.In(lang) + "\n")
}

// renderReview writes a grade in the reviewers' form: stars and score, then
// ✅ strengths, ⚠️ gaps, ❌ corrections, 💡 suggestions and the summary.
func renderReview(b *strings.Builder, g *bot.Grade, lang bot.Lang) {
	fmt.Fprintf(b, msgReviewHead.In(lang)+"\n", stars(g.Stars), g.Score)
	r := g.Review
	for _, group := range []struct {
		mark  string
		items []string
	}{{"✅", r.Strengths}, {"⚠️", r.Gaps}, {"❌", r.Corrections}, {"💡", r.Suggestions}} {
		for _, it := range group.items {
			fmt.Fprintf(b, "%s %s\n", group.mark, oneLine(it))
		}
	}
	if r.Summary != "" {
		fmt.Fprintf(b, "%s\n", oneLine(r.Summary))
	}
}

// renderReport writes a finished (or interim) report: ratings per
// dimension, the overall and five scores, the verdict and suggestions.
func renderReport(b *strings.Builder, s *bot.MockSession, r *bot.Report) {
	lang := r.Lang
	fmt.Fprintf(b, msgReportTitle.In(lang)+"\n\n", s.ID)
	b.WriteString(msgAssessment.In(lang) + "\n")
	if len(r.Dimensions) == 0 {
		b.WriteString(msgNoDimensions.In(lang) + "\n")
	}
	for _, d := range r.Dimensions {
		var opts []string
		for _, rt := range bot.Ratings {
			if rt == d.Rating {
				opts = append(opts, "<font color=\"info\">✅ "+rt.Title(lang)+"</font>")
			} else {
				opts = append(opts, rt.Title(lang))
			}
		}
		fmt.Fprintf(b, "- %s（%s）：%s\n", d.Dimension.Title(lang), fmt.Sprintf(msgQuestionCount.In(lang), d.Questions), strings.Join(opts, " / "))
	}
	fmt.Fprintf(b, "\n"+msgOverall.In(lang)+"\n", r.Overall)
	for _, sc := range r.Scores.Named() {
		fmt.Fprintf(b, "- %s：%.1f/10\n", sc.Name.In(lang), sc.Value)
	}
	b.WriteString("\n" + msgResult.In(lang) + "\n")
	for _, v := range bot.Verdicts {
		mark := "- [ ] "
		if v == r.Verdict {
			mark = "- ✅ "
		}
		b.WriteString(mark + v.Title(lang) + "\n")
	}
	b.WriteString("\n" + msgSuggestions.In(lang) + "\n")
	if len(r.Suggestions) == 0 {
		b.WriteString(msgNoSuggestions.In(lang) + "\n")
	}
	for i, sug := range r.Suggestions {
		fmt.Fprintf(b, "%d. %s\n", i+1, oneLine(sug))
	}
}

// quote writes text as a markdown quote, line by line.
func quote(b *strings.Builder, text string) {
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		b.WriteString("> " + line + "\n")
	}
}

func topicTitle(q *bot.Question, lang bot.Lang) string {
	if t, ok := bot.FindTopic(q.Topic); ok {
		return t.Title.In(lang)
	}
	return q.Topic
}

func difficulty(d int) string {
	d = min(3, max(1, d))
	return strings.Repeat("●", d) + strings.Repeat("○", 3-d)
}

func stars(n int) string { return strings.Repeat("⭐", min(5, max(1, n))) }

// oneLine keeps a feedback item on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// channelLocation is the channel's zone, UTC when it has none or a bad one.
func channelLocation(ch *bot.Channel) *time.Location {
	if ch != nil && ch.Timezone != "" {
		if loc, err := time.LoadLocation(ch.Timezone); err == nil {
			return loc
		}
	}
	return time.UTC
}

// channelLang is the language of a channel's posts.
func channelLang(ch *bot.Channel, fallback bot.Lang) bot.Lang {
	if ch != nil && ch.Lang != "" {
		return ch.Lang
	}
	return fallback
}

// fontTag matches WeCom markdown's colour tags.
var fontTag = regexp.MustCompile(`</?font[^>]*>`)

// plainText turns our markdown into text for a text message: WeChat, where
// some members read WeCom messages, shows markdown messages only as a
// notice to open WeCom.
func plainText(md string) string {
	s := fontTag.ReplaceAllString(md, "")
	return strings.NewReplacer("**", "", "`", "").Replace(s)
}

// textNoticeCard is an app template card of type text_notice, with only
// the fields the feedback card fills (the library's webhook card type sends
// every optional field, empty).
type textNoticeCard struct {
	CardType        string     `json:"card_type"`
	MainTitle       cardTitle  `json:"main_title"`
	EmphasisContent *cardTitle `json:"emphasis_content,omitempty"`
	SubTitleText    string     `json:"sub_title_text,omitempty"`
	CardAction      cardAction `json:"card_action"`
}

type cardTitle struct {
	Title string `json:"title,omitempty"`
	Desc  string `json:"desc,omitempty"`
}

type cardAction struct {
	Type int    `json:"type"` // 1: open URL
	URL  string `json:"url"`
}

// feedbackCard is the headline of a daily grade as a text_notice template
// card: the score large, the summary under it; it opens cardURL.
func feedbackCard(a *bot.Answer, q *bot.Question, lang bot.Lang, cardURL string) textNoticeCard {
	c := textNoticeCard{CardType: "text_notice", MainTitle: cardTitle{Title: msgCardTitle.In(lang), Desc: q.ID},
		CardAction: cardAction{Type: 1, URL: cardURL}}
	if a.Grade != nil {
		c.EmphasisContent = &cardTitle{Title: fmt.Sprint(a.Grade.Score), Desc: msgCardScore.In(lang)}
		c.SubTitleText = oneLine(a.Grade.Review.Summary)
	}
	return c
}
