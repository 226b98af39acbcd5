package wecom

import (
	"net/http"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/bot"
)

// TestRobotDirectReply: in a direct chat with the smart robot a reply that
// fits goes back through response_url; a longer one (a full report) goes
// as app messages, with a note through response_url saying so.
func TestRobotDirectReply(t *testing.T) {
	long := &bot.Report{Lang: bot.LangZH, Overall: 6.5, Verdict: bot.VerdictAnotherRound}
	for i := range 80 {
		long.Suggestions = append(long.Suggestions, strings.Repeat("复习调度器与内存模型，", 2)+string(rune('A'+i%26)))
	}
	for _, tc := range []struct {
		name       string
		report     *bot.Report
		wantApp    int // app messages, at least
		wantRobot  string
		notInRobot string
	}{
		{"short", nil, 0, "已暂停", ""},
		{"long report", long, 3, "应用消息", "成长建议"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			deps, _, iv := fakeDeps()
			iv.report = tc.report
			h := newHarness(t, deps)
			MustStatus(t, h.do(h.robot.robotRequest(h.clock.now(), nextNonce(),
				robotJSON("dm-1", "single", "", "zhangsan", "我的回答", responseURL("rc-dm-1")))), http.StatusOK)
			robot := contentsOf(h.api.messages("aibot/response", "rc-dm-1"))
			if !strings.Contains(robot, tc.wantRobot) || tc.notInRobot != "" && strings.Contains(robot, tc.notInRobot) {
				t.Errorf("response_url reply = %q, want %q in it", robot, tc.wantRobot)
			}
			app := h.api.messages("message/send", "zhangsan")
			if len(app) < tc.wantApp || tc.wantApp == 0 && len(app) != 0 {
				t.Fatalf("%d app messages, want %d or more (0 for a short reply)", len(app), tc.wantApp)
			}
			if tc.wantApp > 0 && !strings.Contains(contentsOf(app), "成长建议") {
				t.Errorf("app messages lack the report")
			}
		})
	}
}
