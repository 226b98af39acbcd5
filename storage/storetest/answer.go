package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

// bigAnswer is exactly bot.MaxAnswerBytes of mixed ASCII, Chinese and emoji,
// the largest answer the bot stores.
func bigAnswer() string {
	unit := "goroutine 调度器 🚀 " // 1-, 3- and 4-byte characters
	s := strings.Repeat(unit, bot.MaxAnswerBytes/len(unit))
	return s + strings.Repeat("x", bot.MaxAnswerBytes-len(s))
}

func testAnswerRoundTrip(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	ms := MustSession(t, s, m.ID, bot.SessionActive)
	tests := []struct {
		name string
		in   bot.Answer
	}{
		{"plain text", bot.Answer{QuestionID: "go-gmp", Text: "The scheduler multiplexes goroutines onto threads.", Lang: bot.LangEN}},
		{"chinese and emoji", bot.Answer{QuestionID: "go-gmp", Text: "GMP 模型：G 是协程，M 是线程，P 是处理器 🧵✨\n第二行", Lang: bot.LangZH}},
		{"quotes and sql", bot.Answer{QuestionID: "q'1", Text: `it's "quoted"; DROP TABLE answers; --`, Lang: bot.LangEN}},
		{"empty text", bot.Answer{QuestionID: "go-gmp", Text: ""}},
		{"64 KB", bot.Answer{QuestionID: "go-gmp", Text: bigAnswer(), Lang: bot.LangZH}},
		{"in a mock session", bot.Answer{QuestionID: "q1", SessionID: ms.ID, Text: "session answer", Lang: bot.LangZH}},
		{"to a daily post", bot.Answer{QuestionID: "q1", PostID: 42, Text: "post answer", Lang: bot.LangEN}},
		{"withdrawn", bot.Answer{QuestionID: "q1", PostID: 43, Text: "deleted later", Withdrawn: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.in
			a.MemberID = m.ID
			before := time.Now()
			wantNoErr(t, "CreateAnswer", s.CreateAnswer(ctx, &a))
			after := time.Now()
			if a.ID <= 0 {
				t.Fatalf("CreateAnswer filled ID %d, want > 0", a.ID)
			}
			wantUTC(t, "CreatedAt", a.CreatedAt)
			wantNear(t, "CreatedAt", a.CreatedAt, before, after)
			if !a.UpdatedAt.Equal(a.CreatedAt) {
				t.Errorf("UpdatedAt %v, want CreatedAt %v", a.UpdatedAt, a.CreatedAt)
			}
			got, err := s.FindAnswer(ctx, a.ID)
			wantNoErr(t, "FindAnswer", err)
			if got.Text != tt.in.Text {
				t.Errorf("Text: got %d bytes, want %d bytes (equal: false)", len(got.Text), len(tt.in.Text))
			}
			wantEqual(t, "FindAnswer", got, &a)
			wantUTC(t, "FindAnswer CreatedAt", got.CreatedAt)
			wantUTC(t, "FindAnswer UpdatedAt", got.UpdatedAt)
		})
	}
}

func testCreateAnswerRejects(t *testing.T, s bot.Store) {
	m := MustMember(t, s)
	tests := []struct {
		name string
		in   bot.Answer
		want string
	}{
		{"over the size cap", bot.Answer{MemberID: m.ID, QuestionID: "q1", Text: bigAnswer() + "x"}, bot.EINVALID},
		{"invalid utf-8", bot.Answer{MemberID: m.ID, QuestionID: "q1", Text: "bad \xff\xfe bytes"}, bot.EINVALID},
		{"nul byte", bot.Answer{MemberID: m.ID, QuestionID: "q1", Text: "a\x00b"}, bot.EINVALID},
		{"no question", bot.Answer{MemberID: m.ID, Text: "text"}, bot.EINVALID},
		{"unknown member", bot.Answer{MemberID: m.ID + 1000, QuestionID: "q1", Text: "text"}, bot.ENOTFOUND},
		{"unknown session", bot.Answer{MemberID: m.ID, QuestionID: "q1", SessionID: 999999, Text: "text"}, bot.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.in
			err := s.CreateAnswer(context.Background(), &a)
			wantCode(t, "CreateAnswer", err, tt.want)
			if a.ID != 0 {
				t.Errorf("ID filled with %d on error, want 0", a.ID)
			}
		})
	}
	answers, err := s.ListAnswers(context.Background(), m.ID, 0)
	wantNoErr(t, "ListAnswers", err)
	if len(answers) != 0 {
		t.Errorf("%d answers stored after rejected creates, want 0", len(answers))
	}
}

// testOneAnswerPerPost checks the invariant of one counted answer per member
// per question post; a withdrawn answer no longer counts.
func testOneAnswerPerPost(t *testing.T, s bot.Store) {
	ctx := context.Background()
	ann, bo := MustMember(t, s), MustMember(t, s)
	create := func(memberID, postID int64, withdrawn bool) error {
		return s.CreateAnswer(ctx, &bot.Answer{MemberID: memberID, QuestionID: "q1", PostID: postID, Text: "t", Withdrawn: withdrawn})
	}
	tests := []struct {
		name      string
		member    int64
		post      int64
		withdrawn bool
		want      string
	}{
		{"first answer to post 1", ann.ID, 1, false, ""},
		{"second answer to post 1", ann.ID, 1, false, bot.ECONFLICT},
		{"another member to post 1", bo.ID, 1, false, ""},
		{"the same member to post 2", ann.ID, 2, false, ""},
		{"a withdrawn answer to post 3", ann.ID, 3, true, ""},
		{"a counted answer to post 3 after the withdrawn one", ann.ID, 3, false, ""},
		{"answers outside posts are not limited", ann.ID, 0, false, ""},
		{"answers outside posts are not limited, again", ann.ID, 0, false, ""},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, create(tt.member, tt.post, tt.withdrawn), tt.want)
	}
}

func testFindAnswerNotFound(t *testing.T, s bot.Store) {
	a := MustAnswer(t, s, MustMember(t, s).ID, "q1")
	for _, id := range []int64{0, -1, a.ID + 1000} {
		got, err := s.FindAnswer(context.Background(), id)
		wantCode(t, "FindAnswer", err, bot.ENOTFOUND)
		if got != nil {
			t.Errorf("FindAnswer(%d) = %+v with the error, want nil", id, got)
		}
	}
}

func testGradesAppend(t *testing.T, s bot.Store) {
	ctx := context.Background()
	m := MustMember(t, s)
	a := MustAnswer(t, s, m.ID, "q1")
	other := MustAnswer(t, s, m.ID, "q2")
	grades := []*bot.Grade{
		{AnswerID: a.ID, Score: 35, Stars: 2, Missing: []string{"kp1", "kp2"}, Flags: []string{"too_short"},
			Grader: "rubric", GraderVersion: "1.0.0", RubricVersion: "r1"},
		{AnswerID: a.ID, Score: 72, Stars: 4, Covered: []string{"kp1"}, Missing: []string{"kp2"},
			Misconceptions: []string{"m-gc-stw"}, Grader: "llm:gpt-4o-mini", GraderVersion: "2", RubricVersion: "r1",
			Review: bot.Review{Lang: bot.LangZH, Strengths: []string{"✅ 讲清了 GMP"}, Gaps: []string{"⚠️ 没提 work stealing"},
				Suggestions: []string{"💡 读 runtime/proc.go"}, Corrections: []string{"❌ GC 不会一直 STW"}, Summary: "良好 ⭐⭐⭐⭐"}},
		{AnswerID: a.ID, Score: 90, Stars: 5, Covered: []string{"kp1", "kp2"}, Grader: "rubric",
			GraderVersion: "1.1.0", RubricVersion: "r2", Review: bot.Review{Lang: bot.LangEN, Summary: "Complete."}},
	}
	var prev int64
	for i, g := range grades {
		before := time.Now()
		wantNoErr(t, "AddGrade", s.AddGrade(ctx, g))
		after := time.Now()
		if g.ID <= prev {
			t.Errorf("grade %d: ID %d, want more than the previous %d", i, g.ID, prev)
		}
		prev = g.ID
		wantUTC(t, "grade CreatedAt", g.CreatedAt)
		wantNear(t, "grade CreatedAt", g.CreatedAt, before, after)
		got, err := s.FindAnswer(ctx, a.ID)
		wantNoErr(t, "FindAnswer", err)
		wantEqual(t, "FindAnswer latest grade", got.Grade, g)
	}
	// The other answer is untouched by a's grades.
	got, err := s.FindAnswer(ctx, other.ID)
	wantNoErr(t, "FindAnswer other", err)
	if got.Grade != nil {
		t.Errorf("ungraded answer has grade %+v, want nil", got.Grade)
	}
}

func testAddGradeRejects(t *testing.T, s bot.Store) {
	a := MustAnswer(t, s, MustMember(t, s).ID, "q1")
	tests := []struct {
		name string
		in   bot.Grade
		want string
	}{
		{"unknown answer", bot.Grade{AnswerID: a.ID + 1000, Score: 50, Stars: 3, Grader: "rubric"}, bot.ENOTFOUND},
		{"score over 100", bot.Grade{AnswerID: a.ID, Score: 101, Stars: 5, Grader: "rubric"}, bot.EINVALID},
		{"negative score", bot.Grade{AnswerID: a.ID, Score: -1, Stars: 1, Grader: "rubric"}, bot.EINVALID},
		{"zero stars", bot.Grade{AnswerID: a.ID, Score: 10, Stars: 0, Grader: "rubric"}, bot.EINVALID},
		{"no grader", bot.Grade{AnswerID: a.ID, Score: 10, Stars: 1}, bot.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.in
			wantCode(t, "AddGrade", s.AddGrade(context.Background(), &g), tt.want)
			if g.ID != 0 {
				t.Errorf("ID filled with %d on error, want 0", g.ID)
			}
		})
	}
	got, err := s.FindAnswer(context.Background(), a.ID)
	wantNoErr(t, "FindAnswer", err)
	if got.Grade != nil {
		t.Errorf("grade %+v stored by rejected AddGrade calls, want none", got.Grade)
	}
}

func testListAnswers(t *testing.T, s bot.Store) {
	ctx := context.Background()
	ann, bo := MustMember(t, s), MustMember(t, s)
	var anns []*bot.Answer // in creation order
	for _, q := range []string{"q1", "q2", "q3", "q4", "q5"} {
		anns = append(anns, MustAnswer(t, s, ann.ID, q))
	}
	bos := MustAnswer(t, s, bo.ID, "q1")
	MustGrade(t, s, anns[1].ID, 20)
	latest := MustGrade(t, s, anns[1].ID, 80)
	anns[1].Grade = latest
	boGrade := MustGrade(t, s, bos.ID, 55)
	bos.Grade = boGrade

	newestFirst := func(as ...*bot.Answer) []*bot.Answer {
		out := make([]*bot.Answer, len(as))
		for i, a := range as {
			out[len(as)-1-i] = a
		}
		return out
	}
	tests := []struct {
		name   string
		member int64
		limit  int
		want   []*bot.Answer
	}{
		{"all, newest first", ann.ID, 0, newestFirst(anns...)},
		{"negative limit means all", ann.ID, -1, newestFirst(anns...)},
		{"limit 2", ann.ID, 2, newestFirst(anns[3:]...)},
		{"limit above the count", ann.ID, 50, newestFirst(anns...)},
		{"only the member's own", bo.ID, 10, []*bot.Answer{bos}},
		{"a member without answers", bo.ID + 1000, 10, []*bot.Answer{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListAnswers(ctx, tt.member, tt.limit)
			wantNoErr(t, "ListAnswers", err)
			if got == nil {
				t.Fatalf("ListAnswers returned a nil slice, want an empty one")
			}
			var gotIDs, wantIDs []int64
			for _, a := range got {
				gotIDs = append(gotIDs, a.ID)
				wantUTC(t, "CreatedAt", a.CreatedAt)
			}
			for _, a := range tt.want {
				wantIDs = append(wantIDs, a.ID)
			}
			wantEqual(t, "ListAnswers ids", gotIDs, wantIDs)
			wantEqual(t, "ListAnswers", got, tt.want)
		})
	}
}
