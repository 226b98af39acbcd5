package bot

// Title names the rating in lang, in the words of the seed record's
// assessment table (优秀/良好/一般/需提升).
func (r Rating) Title(lang Lang) string {
	return ratingTitles[r].In(lang)
}

// Ratings lists the ratings best first, for tables that show every option.
var Ratings = []Rating{RatingExcellent, RatingGood, RatingFair, RatingNeedsWork}

var ratingTitles = map[Rating]Text{
	RatingExcellent: {ZH: "优秀", EN: "Excellent"},
	RatingGood:      {ZH: "良好", EN: "Good"},
	RatingFair:      {ZH: "一般", EN: "Fair"},
	RatingNeedsWork: {ZH: "需提升", EN: "Needs work"},
}

// Title names the verdict in lang.
func (v Verdict) Title(lang Lang) string {
	return verdictTitles[v].In(lang)
}

// Verdicts lists the verdicts best first, for tables that show every option.
var Verdicts = []Verdict{VerdictStrongHire, VerdictAnotherRound, VerdictNoHire}

var verdictTitles = map[Verdict]Text{
	VerdictStrongHire:   {ZH: "通过，强烈推荐", EN: "Strong hire"},
	VerdictAnotherRound: {ZH: "通过，但需要再面一轮", EN: "Pass, another round needed"},
	VerdictNoHire:       {ZH: "不通过", EN: "No hire"},
}
