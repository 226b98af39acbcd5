package llm

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/sqlite"
)

// TestEveryScriptEndsInAStoredGrade runs each scripted server behaviour
// through the real mock-interview use case on the embedded store: whatever
// the model does, the answer and a grade labelled with the grader that
// produced it are in the database afterwards.
func TestEveryScriptEndsInAStoredGrade(t *testing.T) {
	q := MustQuestion(t, "go-gmp-scheduler")
	for _, tt := range failureScripts(q) {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			_, srv := newScriptServer(t, tt.steps...)
			slept, _ := sleepRecorder()
			judge := MustJudge(t, testConfig(srv), nil, slept)

			store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "bot.db"), nil)
			if err != nil {
				t.Fatalf("open store: %v", err)
			}
			t.Cleanup(func() { store.Close() })
			bank, err := bot.NewBank([]*bot.Question{q})
			if err != nil {
				t.Fatal(err)
			}
			iv, err := bot.NewInterviews(bot.InterviewsConfig{Store: store, Grader: judge, Bank: bank})
			if err != nil {
				t.Fatal(err)
			}
			m := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformTerminal, Workspace: "local", UserID: "ada"}}
			if err := store.UpsertMember(ctx, m); err != nil {
				t.Fatal(err)
			}
			if _, err := iv.Start(ctx, m.ID, bot.StartOptions{Track: q.Track, Lang: bot.LangEN, Questions: 1}); err != nil {
				t.Fatalf("start: %v", err)
			}
			step, err := iv.Answer(ctx, m.ID, gmpAnswer)
			if err != nil {
				t.Fatalf("answer: %v", err)
			}
			stored, err := store.FindAnswer(ctx, step.Graded.AnswerID)
			if err != nil {
				t.Fatalf("find stored answer: %v", err)
			}
			want := FallbackLabel
			if tt.wantLLM {
				want = "llm:test-model+rubric"
			}
			switch {
			case stored.Text != gmpAnswer:
				t.Errorf("stored text = %q, want the answer", stored.Text)
			case stored.Grade == nil:
				t.Errorf("no grade stored")
			case stored.Grade.Grader != want:
				t.Errorf("stored grader = %q, want %q", stored.Grade.Grader, want)
			case stored.Grade.Score != step.Graded.Score:
				t.Errorf("stored score = %d, want %d as reviewed", stored.Grade.Score, step.Graded.Score)
			}
		})
	}
}
