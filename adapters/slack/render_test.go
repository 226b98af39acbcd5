package slack

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/interviewbot/interviewbot/bot"
)

func TestEscapeMrkdwn(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"<!channel> ping", "&lt;!channel&gt; ping"},
		{"<https://evil.example|click>", "&lt;https://evil.example|click&gt;"},
		{"a && b <@U123>", "a &amp;&amp; b &lt;@U123&gt;"},
		{"&lt; already", "&amp;lt; already"},
	}
	for _, tt := range tests {
		if got := esc(tt.in); got != tt.want {
			t.Errorf("esc(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSectionsStayWithinSlackLimits(t *testing.T) {
	line := strings.Repeat("字", 70) + "\n"
	long := strings.Repeat(line, 100) // 7100 runes
	bs := sections(long)
	if len(bs) < 3 {
		t.Fatalf("got %d sections for 7100 runes, want at least 3", len(bs))
	}
	var total int
	for i, b := range bs {
		txt := b.(*slack.SectionBlock).Text.Text
		if n := utf8.RuneCountInString(txt); n > maxSectionText {
			t.Errorf("section %d has %d runes, over %d", i, n, maxSectionText)
		}
		if !utf8.ValidString(txt) {
			t.Errorf("section %d is not valid UTF-8 (cut inside a rune)", i)
		}
		total += strings.Count(txt, "字")
	}
	if total != 7000 {
		t.Errorf("sections hold %d characters, want all 7000", total)
	}
	if got := capBlocks(make([]slack.Block, 80)); len(got) != maxBlocks {
		t.Errorf("capBlocks kept %d blocks, want %d", len(got), maxBlocks)
	}
}

func TestPersonNeverInjectsMarkup(t *testing.T) {
	tests := []struct {
		m    bot.Member
		want string
	}{
		{bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, UserID: "U123ABC"}}, "<@U123ABC>"},
		{bot.Member{Key: bot.MemberKey{Platform: bot.PlatformSlack, UserID: "U1> <!channel"}, Name: "x"}, "x"},
		{bot.Member{Key: bot.MemberKey{Platform: bot.PlatformWeCom, UserID: "zhangsan"}, Name: "<b>Zhang</b>"}, "&lt;b&gt;Zhang&lt;/b&gt;"},
		{bot.Member{ID: 7}, "#7"},
	}
	for _, tt := range tests {
		if got := person(tt.m); got != tt.want {
			t.Errorf("person(%+v) = %q, want %q", tt.m.Key, got, tt.want)
		}
	}
}

func TestRenderDailyQuestionHasButtons(t *testing.T) {
	q := &bot.Question{ID: "q-1", Topic: "go-concurrency", Difficulty: 2, Text: bot.Text{EN: "Why <b>channels</b>?", ZH: "为什么"}}
	ch := &bot.Channel{Lang: bot.LangEN}
	m := renderDailyQuestion(ch, &bot.Post{LocalDate: "2025-03-03", ClosesAt: time.Date(2025, 3, 3, 18, 0, 0, 0, time.UTC)}, q)
	var actions *slack.ActionBlock
	var body strings.Builder
	for _, b := range m.blocks {
		switch b := b.(type) {
		case *slack.ActionBlock:
			actions = b
		case *slack.SectionBlock:
			body.WriteString(b.Text.Text)
		}
	}
	if actions == nil || len(actions.Elements.ElementSet) != 2 {
		t.Fatalf("question post has no hint and my-score buttons: %+v", m.blocks)
	}
	for i, want := range []string{actionHint, actionScore} {
		if got := actions.Elements.ElementSet[i].(*slack.ButtonBlockElement); got.ActionID != want || got.Value != "q-1" {
			t.Errorf("button %d = %s/%s, want %s/q-1", i, got.ActionID, got.Value, want)
		}
	}
	if !strings.Contains(body.String(), "Why &lt;b&gt;channels&lt;/b&gt;?") || !strings.Contains(body.String(), "<!date^1741024800^{time}|18:00 UTC>") {
		t.Errorf("question body = %q; want the escaped question and the reveal time", body.String())
	}
}
