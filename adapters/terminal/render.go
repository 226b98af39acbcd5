package terminal

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/interviewbot/interviewbot/bot"
)

// RenderStep writes a step in display order: the review of the answer just
// given (or the skip), the hint, then the next question, the pause notice or
// the report.
func RenderStep(w io.Writer, st *bot.Step) {
	lang := st.Session.Lang
	switch {
	case st.Graded != nil:
		RenderReview(w, st.Graded, lang)
	case st.Skipped:
		fmt.Fprintf(w, "%s\n", msgSkipped.In(lang))
	}
	if h := st.Hint; h != nil {
		fmt.Fprintf(w, "\n"+msgHint.In(lang)+"\n", h.Number, strings.Join(h.Names, listSep.In(lang)), h.Remaining)
	}
	switch {
	case st.Paused:
		renderPaused(w, st.Session)
	case st.Report != nil:
		fmt.Fprintln(w)
		RenderReport(w, st.Session, st.Report)
	case st.Next != nil && st.Hint == nil:
		if st.Resumed {
			fmt.Fprintf(w, msgResumed.In(lang)+"\n", st.Session.ID, st.Next.Index+1, st.Next.Total)
		} else if st.Next.Index == 0 && st.Graded == nil && !st.Skipped {
			fmt.Fprintf(w, msgStarted.In(lang)+"\n", st.Session.ID, st.Next.Total)
		}
		RenderQuestion(w, st.Next, lang)
		if st.Pending {
			fmt.Fprintf(w, "%s\n", msgPending.In(lang))
		}
	}
}

// RenderQuestion writes the round banner (when the round changes) and the
// question with its position, topic, difficulty and id.
func RenderQuestion(w io.Writer, p *bot.Prompt, lang bot.Lang) {
	if p.NewRound {
		fmt.Fprintf(w, "\n━━━━━━━━ %s ━━━━━━━━\n", p.Round.Title(lang))
	}
	q := p.Question
	topic := q.Topic
	if t, ok := bot.FindTopic(q.Topic); ok {
		topic = t.Title.In(lang)
	}
	fmt.Fprintf(w, "\n"+msgQuestion.In(lang)+"\n", p.Index+1, p.Total, topic, difficulty(q.Difficulty), q.ID)
	fmt.Fprintf(w, "%s\n%s\n", strings.TrimSpace(q.Text.In(lang)), msgHowTo.In(lang))
}

// difficulty draws 1-3 as filled and empty dots.
func difficulty(d int) string {
	d = min(3, max(1, d))
	return strings.Repeat("●", d) + strings.Repeat("○", 3-d)
}

// RenderReview writes a grade in the reviewers' form: stars and score, then
// ✅ strengths, ⚠️ gaps, ❌ corrections, 💡 suggestions and the summary.
func RenderReview(w io.Writer, g *bot.Grade, lang bot.Lang) {
	fmt.Fprintf(w, "\n%s "+msgScore.In(lang)+"\n", msgReviewHead.In(lang), stars(g.Stars), g.Score)
	r := g.Review
	for _, group := range []struct {
		mark  string
		items []string
	}{{"✅", r.Strengths}, {"⚠️", r.Gaps}, {"❌", r.Corrections}, {"💡", r.Suggestions}} {
		for _, it := range group.items {
			fmt.Fprintf(w, "%s %s\n", group.mark, oneLine(it))
		}
	}
	if r.Summary != "" {
		fmt.Fprintf(w, "%s\n", oneLine(r.Summary))
	}
}

// stars draws a 1-5 rating as ⭐ marks.
func stars(n int) string {
	return strings.Repeat("⭐", min(5, max(1, n)))
}

// oneLine keeps feedback items on one line each.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func renderPaused(w io.Writer, s *bot.MockSession) {
	fmt.Fprintf(w, "\n"+msgPaused.In(s.Lang)+"\n", s.ID, min(s.Current+1, len(s.Plan)), len(s.Plan))
}

// RenderReport writes a report in the shape of the seed interview record:
// a rating per dimension with every option shown, the overall and five
// scores, the result with every verdict shown, and growth suggestions.
// A session that is not finished is labelled as an interim report.
func RenderReport(w io.Writer, s *bot.MockSession, r *bot.Report) {
	lang := r.Lang
	title := fmt.Sprintf(msgReportTitle.In(lang), s.ID)
	fmt.Fprintf(w, "══════════ %s ══════════\n", title)
	if s.State != bot.SessionFinished {
		done := 0
		for _, t := range s.Turns {
			if t.Skipped || t.Grade != nil {
				done++
			}
		}
		fmt.Fprintf(w, msgInterim.In(lang)+"\n", min(done, len(s.Plan)), len(s.Plan))
	}
	fmt.Fprintf(w, "\n%s\n", msgAssessment.In(lang))
	if len(r.Dimensions) == 0 {
		fmt.Fprintf(w, "%s\n", msgNoDimensions.In(lang))
	}
	for _, d := range r.Dimensions {
		var opts []string
		for _, rt := range bot.Ratings {
			mark := "[ ]"
			if rt == d.Rating {
				mark = "[✅]"
			}
			opts = append(opts, mark+" "+rt.Title(lang))
		}
		count := fmt.Sprintf(msgQuestionCount.In(lang), d.Questions)
		if d.Questions == 1 {
			count = fmt.Sprintf(msgQuestionOne.In(lang), d.Questions)
		}
		fmt.Fprintf(w, "- %s (%s): %s\n", d.Dimension.Title(lang), count, strings.Join(opts, " "))
	}
	fmt.Fprintf(w, "\n"+msgOverall.In(lang)+"\n", r.Overall)
	for _, sc := range r.Scores.Named() {
		fmt.Fprintf(w, "- %s: %.1f/10\n", sc.Name.In(lang), sc.Value)
	}
	fmt.Fprintf(w, "\n%s\n", msgResult.In(lang))
	for _, v := range bot.Verdicts {
		mark := "[ ]"
		if v == r.Verdict {
			mark = "[✅]"
		}
		fmt.Fprintf(w, "- %s %s\n", mark, v.Title(lang))
	}
	fmt.Fprintf(w, "\n%s\n", msgSuggestions.In(lang))
	if len(r.Suggestions) == 0 {
		fmt.Fprintf(w, "%s\n", msgNoSuggestions.In(lang))
	}
	for i, sug := range r.Suggestions {
		fmt.Fprintf(w, "%d. %s\n", i+1, oneLine(sug))
	}
}

// RenderHistory writes a member's sessions as a table, newest first.
func RenderHistory(w io.Writer, ss []*bot.MockSession, lang bot.Lang) error {
	if len(ss) == 0 {
		_, err := fmt.Fprintln(w, msgNoHistory.In(lang))
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, msgHistoryHead.In(lang))
	for _, s := range ss {
		overall, verdict := "-", "-"
		if s.Report != nil {
			overall = fmt.Sprintf("%.1f", s.Report.Overall)
			verdict = s.Report.Verdict.Title(lang)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", s.ID, s.CreatedAt.Local().Format("2006-01-02 15:04"),
			stateTitles[s.State].In(lang), s.Track, min(s.Current, len(s.Plan)), len(s.Plan), overall, verdict)
	}
	return tw.Flush()
}
