package wecom

import (
	"context"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// TestSendFeedback: the grade goes to the author alone, as markdown, as a
// template card plus markdown when a card URL is set, or as text in
// plain-text mode; the review escapes nothing it should show.
func TestSendFeedback(t *testing.T) {
	ch := &bot.Channel{Key: bot.ChannelKey{ChannelID: testChatID}, Lang: bot.LangZH}
	mem := &bot.Member{Key: bot.MemberKey{Platform: bot.PlatformWeCom, Workspace: testCorpID, UserID: "zhangsan"}}
	q := &bot.Question{ID: "go-gmp", Text: bot.Text{ZH: "讲讲 GMP 调度模型。"}}
	a := &bot.Answer{Grade: &bot.Grade{Score: 72, Stars: 4, Review: bot.Review{
		Strengths: []string{"讲清了 M 与 P 的关系"}, Gaps: []string{"没有提到 work stealing"}, Summary: "基础扎实，细节可以更完整。"}}}
	for _, tc := range []struct {
		name      string
		cfg       func(*Config)
		wantTypes []string
		check     func(t *testing.T, ms []sentMessage)
	}{
		{"markdown", func(*Config) {}, []string{"markdown"}, func(t *testing.T, ms []sentMessage) {
			for _, want := range []string{"go-gmp", "72/100", "✅ 讲清了", "⚠️ 没有提到"} {
				if !strings.Contains(ms[0].Content, want) {
					t.Errorf("feedback lacks %q:\n%s", want, ms[0].Content)
				}
			}
		}},
		{"card then markdown", func(c *Config) { c.CardURL = "https://wiki.example.com/interview" }, []string{"template_card", "markdown"},
			func(t *testing.T, ms []sentMessage) {
				for _, want := range []string{`"card_type":"text_notice"`, `"title":"72"`, `"url":"https://wiki.example.com/interview"`} {
					if !strings.Contains(ms[0].Content, want) {
						t.Errorf("card lacks %s: %s", want, ms[0].Content)
					}
				}
			}},
		{"plain text", func(c *Config) { c.PlainText = true }, []string{"text"}, func(t *testing.T, ms []sentMessage) {
			if strings.Contains(ms[0].Content, "**") || strings.Contains(ms[0].Content, "<font") || !strings.Contains(ms[0].Content, "72/100") {
				t.Errorf("plain feedback = %q, want the grade without markdown", ms[0].Content)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps, _, _ := fakeDeps()
			h := newHarness(t, deps)
			cfg := testConfig(h.api.URL)
			tc.cfg(&cfg)
			m, err := newMessenger(cfg.withDefaults(), h.clock.now, h.sleep, h.a.log)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.SendFeedback(context.Background(), ch, mem, a, q); err != nil {
				t.Fatalf("SendFeedback: %v", err)
			}
			ms := h.api.messages("message/send", "")
			var types []string
			for _, x := range ms {
				types = append(types, x.MsgType)
				if x.To != "zhangsan" {
					t.Errorf("message to %q, want only the author", x.To)
				}
			}
			if strings.Join(types, ",") != strings.Join(tc.wantTypes, ",") {
				t.Fatalf("message types = %v, want %v", types, tc.wantTypes)
			}
			tc.check(t, ms)
		})
	}
}

// TestMessengerNoWebhook: a group without a configured webhook is an
// EINVALID error that names the setting, not a silent drop.
func TestMessengerNoWebhook(t *testing.T) {
	deps, _, _ := fakeDeps()
	h := newHarness(t, deps)
	ch := &bot.Channel{Key: bot.ChannelKey{ChannelID: "unknown-chat"}}
	_, err := h.a.Messenger().PostLeaderboard(context.Background(), ch, &bot.Leaderboard{})
	if bot.ErrorCode(err) != bot.EINVALID || !strings.Contains(bot.ErrorMessage(err), EnvGroupWebhooks) {
		t.Errorf("PostLeaderboard to an unconfigured group = %v, want EINVALID naming %s", err, EnvGroupWebhooks)
	}
}
