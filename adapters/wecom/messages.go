package wecom

import "github.com/interviewbot/interviewbot/bot"

// Everything the adapter says, in both languages. Format verbs follow the
// English text; the Chinese uses the same verbs in the same order.
var (
	msgHelpGroup = bot.Text{
		ZH: "**面试练习机器人**\n> 每日一题：在群里 @我 + 你的回答，评分会私信给你\n> `@我 排行榜`（/leaderboard）本周排行，可加 本月 / 总榜\n> `@我 我的成绩`（/stats）私信你的成绩\n> `@我 模拟面试`（/mock-interview）在私聊里开始一场模拟面试\n> `@我 帮助`（/help）显示本说明",
		EN: "**Interview practice bot**\n> Daily question: @me with your answer; your grade comes privately\n> `@me /leaderboard` this week's ranking; add month or all\n> `@me /stats` your results, sent privately\n> `@me /mock-interview` starts a mock interview in a private chat\n> `@me /help` shows this"}
	msgHelpDirect = bot.Text{
		ZH: "**面试练习机器人**\n> `模拟面试`（/mock-interview）开始或继续模拟面试，可加方向、zh/en、new（重新开始）\n> 面试中直接回复即作答；`提示` `跳过` `退出`（hint/skip/quit）\n> `我的成绩`（/stats）查看每日一题成绩\n> 排行榜请在群里 @我 发送 `排行榜`",
		EN: "**Interview practice bot**\n> `/mock-interview` starts or resumes a mock interview; add a track, zh/en, or new to start over\n> During an interview, just reply to answer; `hint`, `skip`, `quit`\n> `/stats` shows your daily-question results\n> For the leaderboard, @me in the group with `/leaderboard`"}
	msgFailed       = bot.Text{ZH: "⚠️ 出了点问题，请稍后再试。", EN: "⚠️ Something went wrong; please try again later."}
	msgProblem      = bot.Text{ZH: "⚠️ %s", EN: "⚠️ %s"}
	msgNotSetUp     = bot.Text{ZH: "ℹ️ 这个群还没有开启每日一题。", EN: "ℹ️ The daily question is not set up here."}
	msgGroupOnly    = bot.Text{ZH: "ℹ️ 排行榜按群统计：请在群里 @我 发送 `排行榜`。", EN: "ℹ️ Leaderboards are per group: @me in the group with `/leaderboard`."}
	msgSentPrivate  = bot.Text{ZH: "📩 已私信 %s。", EN: "📩 Sent to %s privately."}
	msgLongReply    = bot.Text{ZH: "📩 内容较长，已通过应用消息发给你。", EN: "📩 That is a long one: sent to you as an app message."}
	msgAnswerAck    = bot.Text{ZH: "✅ 收到 %s 的回答，评分后私信反馈。", EN: "✅ Got %s's answer; the grade comes privately."}
	msgAlready      = bot.Text{ZH: "ℹ️ %s，今天的题只计第一次回答。", EN: "ℹ️ %s, only your first answer to today's question counts."}
	msgNoQuestion   = bot.Text{ZH: "ℹ️ 现在没有开放的每日一题。发送 `帮助` 查看用法。", EN: "ℹ️ There is no open daily question right now. Send `/help` for what I can do."}
	msgNoSession    = bot.Text{ZH: "ℹ️ 你没有进行中的模拟面试。发送 `模拟面试` 开始一场。", EN: "ℹ️ You have no mock interview in progress. Send `/mock-interview` to start one."}
	msgGradeFail    = bot.Text{ZH: "⚠️ 回答已保存，但评分失败：%s\n发送 `重试`（retry）再评一次。", EN: "⚠️ Your answer is saved, but grading failed: %s\nSend `retry` to try again."}
	msgEmptyMention = bot.Text{ZH: "👋 @我 时附上你的回答，或发送 `帮助`。", EN: "👋 @me with your answer, or send `/help`."}
)

// Daily question texts.
var (
	msgDailyTitle  = bot.Text{ZH: "📅 **每日一题** · %s", EN: "📅 **Daily question** · %s"}
	msgDailyMeta   = bot.Text{ZH: "%s · 难度 %s · `%s`", EN: "%s · difficulty %s · `%s`"}
	msgDailyHowTo  = bot.Text{ZH: "在群里 @我 + 你的回答即可作答，评分私信给你。", EN: "@me with your answer in this group; your grade comes privately."}
	msgDailyCloses = bot.Text{ZH: "<font color=\"comment\">%s 揭晓参考答案，之后的回答不计分。</font>", EN: "<font color=\"comment\">The reference answer is revealed at %s; later answers earn no points.</font>"}
	msgRevealTitle = bot.Text{ZH: "🔑 **参考答案** · %s", EN: "🔑 **Reference answer** · %s"}
	msgKeyPoints   = bot.Text{ZH: "**要点**", EN: "**Key points**"}
	msgFeedback    = bot.Text{ZH: "📝 **每日一题评分** · `%s`", EN: "📝 **Your daily-question grade** · `%s`"}
	msgCardTitle   = bot.Text{ZH: "每日一题评分", EN: "Daily question grade"}
	msgCardScore   = bot.Text{ZH: "分（满分 100）", EN: "out of 100"}
)

// Leaderboard and stats texts.
var (
	msgBoardTitle = map[bot.Period]bot.Text{
		bot.PeriodWeek:  {ZH: "🏆 **本周排行榜**", EN: "🏆 **This week's leaderboard**"},
		bot.PeriodMonth: {ZH: "🏆 **本月排行榜**", EN: "🏆 **This month's leaderboard**"},
		bot.PeriodAll:   {ZH: "🏆 **总排行榜**", EN: "🏆 **All-time leaderboard**"},
	}
	msgBoardEmpty    = bot.Text{ZH: "还没有人作答，来做第一个吧！", EN: "No answers yet: be the first!"}
	msgBoardLine     = bot.Text{ZH: "%s %s · %d 分 · %d 次作答 · 平均 %.0f · 连续 %d 天", EN: "%s %s · %d pts · %d answers · avg %.0f · streak %d"}
	msgMostImproved  = bot.Text{ZH: "📈 进步最快：%s（平均分 +%.0f）", EN: "📈 Most improved: %s (average +%.0f)"}
	msgStatsTitle    = bot.Text{ZH: "📊 **我的成绩**", EN: "📊 **Your results**"}
	msgStatsBody     = bot.Text{ZH: "> 作答 %d 次 · 积分 %d · 平均分 %.0f\n> 当前连续 %d 天 · 最长连续 %d 天", EN: "> %d answers · %d points · average %.0f\n> streak %d · best streak %d"}
	msgStatsWeakest  = bot.Text{ZH: "> 待加强：%s", EN: "> To work on: %s"}
	msgStatsNoAnswer = bot.Text{ZH: "还没有每日一题的作答记录。", EN: "No daily-question answers yet."}
)

// Mock interview texts.
var (
	msgStarted    = bot.Text{ZH: "🎤 **模拟面试 #%d 开始**：共 %d 题，分三轮。", EN: "🎤 **Mock interview #%d**: %d questions in three rounds."}
	msgResumed    = bot.Text{ZH: "▶ 继续模拟面试 #%d，第 %d/%d 题。", EN: "▶ Resuming mock interview #%d at question %d/%d."}
	msgRound      = bot.Text{ZH: "**━━ %s ━━**", EN: "**━━ %s ━━**"}
	msgQuestion   = bot.Text{ZH: "**问题 %d/%d** · %s · 难度 %s · `%s`", EN: "**Question %d/%d** · %s · difficulty %s · `%s`"}
	msgHowTo      = bot.Text{ZH: "<font color=\"comment\">直接回复即作答；发送 提示 / 跳过 / 退出（hint / skip / quit）</font>", EN: "<font color=\"comment\">Reply to answer; or send hint, skip or quit</font>"}
	msgSkipped    = bot.Text{ZH: "⏭ 已跳过。", EN: "⏭ Skipped."}
	msgHint       = bot.Text{ZH: "💡 提示 %d：可以从这些方面展开——%s（还剩 %d 次）", EN: "💡 Hint %d: think about %s (%d left)"}
	msgPaused     = bot.Text{ZH: "⏸ 模拟面试 #%d 已暂停在第 %d/%d 题，回答都已保存。发送 `模拟面试` 继续。", EN: "⏸ Mock interview #%d is paused at question %d/%d; everything is saved. Send `/mock-interview` to resume."}
	msgPending    = bot.Text{ZH: "你上次的回答已保存但尚未评分：发送 `重试` 评分，或直接发送新的回答。", EN: "Your last answer is saved but not graded yet: send `retry` to grade it, or send a new answer."}
	msgReviewHead = bot.Text{ZH: "**面试官点评** %s %d/100", EN: "**Review** %s %d/100"}
	listSep       = bot.Text{ZH: "、", EN: ", "}
)

// Report texts.
var (
	msgReportTitle   = bot.Text{ZH: "📋 **模拟面试报告 #%d**", EN: "📋 **Mock interview report #%d**"}
	msgAssessment    = bot.Text{ZH: "**技术能力评估**", EN: "**Technical assessment**"}
	msgQuestionCount = bot.Text{ZH: "%d 题", EN: "%d questions"}
	msgNoDimensions  = bot.Text{ZH: "还没有已作答的题目。", EN: "No questions answered yet."}
	msgOverall       = bot.Text{ZH: "🎖️ **综合评分：%.1f/10**", EN: "🎖️ **Overall: %.1f/10**"}
	msgResult        = bot.Text{ZH: "**面试结果**", EN: "**Result**"}
	msgSuggestions   = bot.Text{ZH: "**成长建议**", EN: "**Growth suggestions**"}
	msgNoSuggestions = bot.Text{ZH: "暂无——继续保持。", EN: "None this time: keep it up."}
)
