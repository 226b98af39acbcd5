package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
)

func testUpsertMember(t *testing.T, s bot.Store) {
	ctx := context.Background()
	key := func(platform, workspace, user string) bot.MemberKey {
		return bot.MemberKey{Platform: platform, Workspace: workspace, UserID: user}
	}
	tests := []struct {
		name          string
		first, second bot.Member
		same          bool // second is the same member as first
		wantName      string
		wantLang      bot.Lang
	}{
		{"same key is the same member",
			bot.Member{Key: key("slack", "T1", "U1"), Name: "Ann", Lang: bot.LangEN},
			bot.Member{Key: key("slack", "T1", "U1"), Name: "Ann", Lang: bot.LangEN}, true, "Ann", bot.LangEN},
		{"empty name and lang keep the stored ones",
			bot.Member{Key: key("slack", "T1", "U2"), Name: "Bo", Lang: bot.LangZH},
			bot.Member{Key: key("slack", "T1", "U2")}, true, "Bo", bot.LangZH},
		{"a new name and lang replace the stored ones",
			bot.Member{Key: key("wecom", "corp1", "zhangsan"), Name: "张三", Lang: bot.LangZH},
			bot.Member{Key: key("wecom", "corp1", "zhangsan"), Name: "张三 🚀", Lang: bot.LangEN}, true, "张三 🚀", bot.LangEN},
		{"another workspace is another member",
			bot.Member{Key: key("slack", "T1", "U3"), Name: "Cy"},
			bot.Member{Key: key("slack", "T2", "U3"), Name: "Cy"}, false, "Cy", ""},
		{"another platform is another member",
			bot.Member{Key: key("slack", "local", "U4")},
			bot.Member{Key: key("terminal", "local", "U4")}, false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, second := tt.first, tt.second
			before := time.Now()
			wantNoErr(t, "first UpsertMember", s.UpsertMember(ctx, &first))
			wantNoErr(t, "second UpsertMember", s.UpsertMember(ctx, &second))
			after := time.Now()
			if first.ID <= 0 {
				t.Fatalf("first UpsertMember filled ID %d, want > 0", first.ID)
			}
			wantUTC(t, "CreatedAt", first.CreatedAt)
			wantNear(t, "CreatedAt", first.CreatedAt, before, after)
			if got := second.ID == first.ID; got != tt.same {
				t.Errorf("second ID %d, first ID %d: same = %v, want %v", second.ID, first.ID, got, tt.same)
			}
			if tt.same && !second.CreatedAt.Equal(first.CreatedAt) {
				t.Errorf("second CreatedAt %v, want the first's %v", second.CreatedAt, first.CreatedAt)
			}
			want := &bot.Member{ID: second.ID, Key: tt.second.Key, Name: tt.wantName, Lang: tt.wantLang, CreatedAt: second.CreatedAt}
			wantEqual(t, "second UpsertMember filled", &second, want)
			got, err := s.FindMember(ctx, second.ID)
			wantNoErr(t, "FindMember", err)
			wantEqual(t, "FindMember", got, want)
			wantUTC(t, "FindMember CreatedAt", got.CreatedAt)
		})
	}
}

func testUpsertMemberInvalid(t *testing.T, s bot.Store) {
	tests := []struct {
		name string
		key  bot.MemberKey
	}{
		{"no platform", bot.MemberKey{Workspace: "T1", UserID: "U1"}},
		{"no workspace", bot.MemberKey{Platform: "slack", UserID: "U1"}},
		{"no user", bot.MemberKey{Platform: "slack", Workspace: "T1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &bot.Member{Key: tt.key}
			err := s.UpsertMember(context.Background(), m)
			wantCode(t, "UpsertMember", err, bot.EINVALID)
			if m.ID != 0 {
				t.Errorf("ID filled with %d on error, want 0", m.ID)
			}
		})
	}
}

// testUpsertMemberConcurrent is two first messages from one person arriving
// at once (two replicas, a retried delivery): they must yield one member.
func testUpsertMemberConcurrent(t *testing.T, s bot.Store) {
	const n = 8
	key := bot.MemberKey{Platform: bot.PlatformSlack, Workspace: "T1", UserID: next("U")}
	ids := make([]int64, n)
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Go(func() {
			start.Wait()
			m := &bot.Member{Key: key, Name: "Racer"}
			errs[i] = s.UpsertMember(context.Background(), m)
			ids[i] = m.ID
		})
	}
	start.Done()
	done.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("goroutine %d: UpsertMember: %v", i, errs[i])
		} else if ids[i] != ids[0] || ids[i] == 0 {
			t.Errorf("goroutine %d got member %d, goroutine 0 got %d: want one member", i, ids[i], ids[0])
		}
	}
	other := MustMember(t, s)
	if other.ID == ids[0] {
		t.Errorf("a different key got the same member %d", other.ID)
	}
}

func testFindMemberNotFound(t *testing.T, s bot.Store) {
	m := MustMember(t, s)
	for _, id := range []int64{0, -1, m.ID + 1000} {
		got, err := s.FindMember(context.Background(), id)
		wantCode(t, "FindMember", err, bot.ENOTFOUND)
		if got != nil {
			t.Errorf("FindMember(%d) = %+v with the error, want nil", id, got)
		}
	}
}
