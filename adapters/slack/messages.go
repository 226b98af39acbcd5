package slack

import "github.com/interviewbot/interviewbot/bot"

// Everything the Slack adapter says, in both languages. Format verbs follow
// the English text; the Chinese uses the same verbs in the same order.
var (
	msgHowTo = bot.Text{
		ZH: "直接在这里回复你的答案（一条消息即一次作答）。也可以发送 `hint`/`提示`、`skip`/`跳过`，或 `quit`/`暂停`。",
		EN: "Reply here with your answer; one message is one answer. You can also send `hint`, `skip`, or `quit` to pause."}
	msgQuestion   = bot.Text{ZH: "问题 %d/%d · %s · 难度 %s · `%s`", EN: "Question %d/%d · %s · difficulty %s · `%s`"}
	msgResumed    = bot.Text{ZH: "▶ 继续模拟面试 #%d，从第 %d/%d 题开始。", EN: "▶ Resuming mock interview #%d at question %d/%d."}
	msgStarted    = bot.Text{ZH: "🎤 模拟面试 #%d 开始：共 %d 题，分三轮。", EN: "🎤 Mock interview #%d: %d questions in three rounds."}
	msgPending    = bot.Text{ZH: "你上次的回答已保存但尚未评分。发送 `retry` 重新评分，或发送新的回答。", EN: "Your last answer is saved but not graded yet. Send `retry` to grade it, or send a new answer."}
	msgGradeFail  = bot.Text{ZH: "⚠️ 回答已保存，但评分失败：%s\n发送 `retry` 重试，或稍后再来。", EN: "⚠️ Your answer is saved, but grading failed: %s\nSend `retry` to try again, or come back later."}
	msgProblem    = bot.Text{ZH: "⚠️ %s", EN: "⚠️ %s"}
	msgSkipped    = bot.Text{ZH: "⏭ 已跳过。", EN: "⏭ Skipped."}
	msgHint       = bot.Text{ZH: "💡 提示 %d：可以从这些方面展开——%s（还剩 %d 次提示）", EN: "💡 Hint %d: think about %s (%d hints left)"}
	msgNoHints    = bot.Text{ZH: "💡 本题没有更多提示了。", EN: "💡 No more hints for this question."}
	msgPaused     = bot.Text{ZH: "⏸ 模拟面试 #%d 已暂停在第 %d/%d 题，已作答的内容都已保存。发送 `/mock-interview` 继续。", EN: "⏸ Mock interview #%d is paused at question %d/%d; everything you answered is saved. Send `/mock-interview` to resume."}
	msgNoSession  = bot.Text{ZH: "现在没有进行中的模拟面试。发送 `/mock-interview` 开始一场。", EN: "There is no mock interview in progress. Send `/mock-interview` to start one."}
	msgCheckDM    = bot.Text{ZH: "📬 模拟面试在私信里进行，请查看与我的私信。", EN: "📬 Your mock interview is in our DM: check your direct messages."}
	msgScore      = bot.Text{ZH: "%s  *%d/100*", EN: "%s  *%d/100*"}
	msgReviewHead = bot.Text{ZH: "*面试官点评*", EN: "*Review*"}
	listSep       = bot.Text{ZH: "、", EN: ", "}
	msgBusy       = bot.Text{ZH: "⏳ 机器人正忙，请稍后再试。", EN: "⏳ The bot is busy right now; please try again in a moment."}
	msgFailed     = bot.Text{ZH: "⚠️ 出错了，请稍后再试。", EN: "⚠️ Something went wrong; please try again later."}
	msgNotSetUp   = bot.Text{ZH: "每日一题在这个工作区还没有启用。", EN: "Daily questions are not set up in this workspace."}
	msgWorking    = bot.Text{ZH: "⏳ 处理中…", EN: "⏳ Working on it…"}
)

// Report texts.
var (
	msgReportTitle   = bot.Text{ZH: "模拟面试报告 #%d", EN: "Mock interview report #%d"}
	msgAssessment    = bot.Text{ZH: "📋 *技术能力评估*", EN: "📋 *Technical assessment*"}
	msgQuestionCount = bot.Text{ZH: "%d 题", EN: "%d questions"}
	msgQuestionOne   = bot.Text{ZH: "%d 题", EN: "%d question"}
	msgOverall       = bot.Text{ZH: "🎖️ *综合评分：%.1f/10*", EN: "🎖️ *Overall score: %.1f/10*"}
	msgResult        = bot.Text{ZH: "🏁 *面试结果*", EN: "🏁 *Result*"}
	msgSuggestions   = bot.Text{ZH: "💼 *成长建议*", EN: "💼 *Growth suggestions*"}
	msgNoSuggestions = bot.Text{ZH: "暂无——继续保持。", EN: "None this time: keep it up."}
	msgNoDimensions  = bot.Text{ZH: "还没有已作答的题目。", EN: "No questions answered yet."}
)

// Daily question texts.
var (
	msgDailyTitle   = bot.Text{ZH: "📝 每日一题 · %s", EN: "📝 Question of the day · %s"}
	msgDailyMeta    = bot.Text{ZH: "%s · 难度 %s · `%s`", EN: "%s · difficulty %s · `%s`"}
	msgDailyHowTo   = bot.Text{ZH: "🧵 *在这条消息的话题（thread）里回复你的答案*。评分只发给你本人；%s 公布参考答案。", EN: "🧵 *Reply in this message's thread with your answer.* Your grade is sent to you alone; the reference answer is revealed %s."}
	msgRevealAt     = bot.Text{ZH: "%s", EN: "at %s"}
	msgRevealLater  = bot.Text{ZH: "稍后", EN: "later today"}
	msgHintButton   = bot.Text{ZH: "💡 提示", EN: "💡 Hint"}
	msgScoreButton  = bot.Text{ZH: "📊 我的成绩", EN: "📊 My score"}
	msgRevealTitle  = bot.Text{ZH: "🔓 *参考答案*", EN: "🔓 *Reference answer*"}
	msgKeyPoints    = bot.Text{ZH: "🔑 *要点*", EN: "🔑 *Key points*"}
	msgFollowUps    = bot.Text{ZH: "🤔 *追问*", EN: "🤔 *Follow-up questions*"}
	msgFeedbackHead = bot.Text{ZH: "你对今日问题 `%s` 的回答：", EN: "Your answer to today's question `%s`:"}
	msgNotGraded    = bot.Text{ZH: "你的回答已收到，评分稍后发给你。", EN: "Your answer is in; your grade follows shortly."}
	msgDailyHint    = bot.Text{ZH: "💡 提示：好的回答会涉及——%s", EN: "💡 Hint: a good answer covers %s"}
	msgLeaderTitle  = bot.Text{ZH: "🏆 排行榜 · %s", EN: "🏆 Leaderboard · %s"}
	msgLeaderEmpty  = bot.Text{ZH: "这段时间还没有人作答。", EN: "Nobody has answered in this period yet."}
	msgLeaderLine   = bot.Text{ZH: "%s %s · *%d 分* · %d 次作答 · 平均 %.0f · 连续 %d", EN: "%s %s · *%d pts* · %d answers · avg %.0f · streak %d"}
	msgMostImproved = bot.Text{ZH: "📈 进步最大：%s", EN: "📈 Most improved: %s"}
	periodTitles    = map[bot.Period]bot.Text{
		bot.PeriodWeek:  {ZH: "本周", EN: "this week"},
		bot.PeriodMonth: {ZH: "本月", EN: "this month"},
		bot.PeriodAll:   {ZH: "总榜", EN: "all time"},
	}
)

// Stats and App Home texts.
var (
	msgStatsTitle  = bot.Text{ZH: "📊 我的每日一题", EN: "📊 My daily questions"}
	msgStatsLine   = bot.Text{ZH: "作答 *%d* 次 · 平均 *%.0f* 分 · 积分 *%d* · 连续 *%d*（最长 %d）", EN: "*%d* answers · average *%.0f* · *%d* points · streak *%d* (best %d)"}
	msgWeakest     = bot.Text{ZH: "需要加强的方向：%s", EN: "Topics to work on: %s"}
	msgNoWeakest   = bot.Text{ZH: "继续作答，这里会显示你需要加强的方向。", EN: "Keep answering: your weakest topics will show here."}
	msgHomeTitle   = bot.Text{ZH: "interviewbot", EN: "interviewbot"}
	msgHomeIntro   = bot.Text{ZH: "每天在频道里答一道面试题，或发送 `/mock-interview` 在私信里来一场完整的模拟面试。", EN: "Answer one interview question a day in your channel, or send `/mock-interview` for a full mock interview in a DM."}
	msgNoStatsYet  = bot.Text{ZH: "你还没有回答过每日一题。", EN: "You have not answered a daily question yet."}
	msgPracticeQ   = bot.Text{ZH: "🎯 *练习题*（%s · 难度 %s · `%s`）", EN: "🎯 *Practice question* (%s · difficulty %s · `%s`)"}
	msgPracticeTip = bot.Text{ZH: "想要评分？发送 `/mock-interview` 在私信里作答。", EN: "Want it graded? Send `/mock-interview` and answer in a DM."}
	msgNoQuestions = bot.Text{ZH: "没有找到主题 %q 的题目。可用主题：%s", EN: "No questions on topic %q. Topics: %s"}
)

// Help and settings texts.
var (
	msgHelp = bot.Text{
		ZH: "*interviewbot 命令*\n" +
			"• `/mock-interview [方向] [zh|en] [题数]` 在私信里开始（或继续）一场模拟面试；加 `new` 放弃当前的重新开始\n" +
			"• `/interview stats` 我的每日一题成绩\n" +
			"• `/interview leaderboard [week|month|all]` 本频道排行榜\n" +
			"• `/interview question [主题]` 来一道练习题\n" +
			"• `/interview settings` 查看本频道设置；`settings timezone Asia/Shanghai`、`settings post 0 10 * * 1-5`、`settings reveal 0 18 * * 1-5`、`settings pause`、`settings resume`\n" +
			"• 每日一题：在题目消息的话题里回复即作答，编辑会重新评分，删除会撤回。",
		EN: "*interviewbot commands*\n" +
			"• `/mock-interview [track] [zh|en] [questions]` start (or resume) a mock interview in a DM; add `new` to abandon the open one and start over\n" +
			"• `/interview stats` your daily-question results\n" +
			"• `/interview leaderboard [week|month|all]` this channel's leaderboard\n" +
			"• `/interview question [topic]` a practice question\n" +
			"• `/interview settings` show this channel's settings; `settings timezone Europe/Berlin`, `settings post 0 10 * * 1-5`, `settings reveal 0 18 * * 1-5`, `settings pause`, `settings resume`\n" +
			"• Daily question: reply in the question's thread to answer; editing re-grades, deleting withdraws."}
	msgUnknownCmd  = bot.Text{ZH: "不认识的子命令 %q。", EN: "Unknown subcommand %q."}
	msgSettings    = bot.Text{ZH: "⚙️ *本频道设置*\n时区：`%s`\n出题：`%s`\n公布答案：`%s`\n排行榜：`%s`\n状态：%s", EN: "⚙️ *Channel settings*\nTimezone: `%s`\nQuestion: `%s`\nReveal: `%s`\nLeaderboard: `%s`\nState: %s"}
	msgActive      = bot.Text{ZH: "进行中", EN: "active"}
	msgPausedState = bot.Text{ZH: "已暂停", EN: "paused"}
	msgSaved       = bot.Text{ZH: "✅ 已保存。", EN: "✅ Saved."}
	msgBadCron     = bot.Text{ZH: "计划 %q 无效：需要五段 cron 表达式，例如 `0 10 * * 1-5`。", EN: "Schedule %q is not valid: use a five-field cron spec such as `0 10 * * 1-5`."}
	msgSettingsUse = bot.Text{ZH: "用法：`/interview settings [timezone 时区 | post cron | reveal cron | leaderboard cron | pause | resume]`", EN: "Usage: `/interview settings [timezone ZONE | post CRON | reveal CRON | leaderboard CRON | pause | resume]`"}
	msgBadPeriod   = bot.Text{ZH: "时间范围只能是 week、month 或 all。", EN: "The period is week, month or all."}
	msgNeedChannel = bot.Text{ZH: "请在频道里使用这个命令。", EN: "Use this command in a channel."}
)
