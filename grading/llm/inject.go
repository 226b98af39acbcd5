package llm

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Injection kinds, logged with every flagged answer so admins see what was
// tried. The grade itself carries the single flag FlagInjection.
const (
	kindHidden   = "hidden_unicode"
	kindRole     = "role_line"     // "system:", "assistant:" lines
	kindMarkup   = "chat_markup"   // <|im_start|>, [INST], fake <answer> tags
	kindOverride = "override"      // "ignore previous instructions"
	kindScore    = "score_request" // "give full marks", "得分：100"
	kindAddress  = "grader_address"
	kindRolePlay = "role_play"
	kindOutput   = "output_control"
	kindJSON     = "fake_json"
	kindFence    = "code_fence"
)

// detector is one pattern, matched against folded text (see fold).
type detector struct {
	kind string
	re   *regexp.Regexp
}

func d(kind, expr string) detector { return detector{kind, regexp.MustCompile(expr)} }

// lineDetectors match a whole line: role prefixes only make sense at its start.
var lineDetectors = []detector{
	d(kindRole, `^[\W_]{0,3}\s*(system|assistant|user|developer|human|grader|judge|evaluator|instructions?|系统|系统提示词?|助手|用户|开发者|评分员|评分系统|评委|考官|指令)(\s+(prompt|message|note|override))?\s*(\([^)]*\))?\s*:`),
	d(kindRole, `^[\W_]{0,3}\s*[\[<]\s*(system|assistant|sys|inst|系统|助手)\s*[\]>]`),
}

// sentenceDetectors match anywhere in a sentence, in either language.
var sentenceDetectors = []detector{
	d(kindMarkup, `<\|[a-z_]+\|>|\[/?inst\]|<</?sys>>|</s>|###\s*(system|instructions?|response|assistant)\b`),
	d(kindMarkup, `</?\s*(answer|system|instructions?|prompt|rubric|grader|judge|assistant)(-[a-z0-9]+)?\s*>`),

	d(kindOverride, `\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|preceding|all|your|any|system|grading|scoring|marking)\b.{0,20}\b(instructions?|prompts?|rules?|rubrics?|guidelines?|directions?|criteria|messages?)\b`),
	d(kindOverride, `\b(ignore|disregard|forget)\s+(all\s+(of\s+)?)?(the\s+)?(above|everything( above| before)?)\b|\b(ignore|disregard|forget)\s+all\s+(the\s+)?(previous|prior|preceding)\b`),
	d(kindOverride, `\b(ignore|disregard|forget)\b.{0,30}\b(rubrics?|system prompt|prompt instructions|grading|scoring|grader|judge)\b`),
	d(kindOverride, `\b(override|bypass)\b.{0,30}\b(instructions?|prompts?|rubrics?|grading|scoring|grader|judge)\b`),
	d(kindOverride, `\bnew (instructions?|rules?|task|system prompt)\s*:|\b(updated|revised|real|actual|true) instructions?\b`),
	d(kindOverride, `(忽略|无视|忘记|忘掉|不要理会|不用理会|别管|推翻|绕过)[^。！？]{0,8}(之前|以上|上面|前面|上述|所有|全部|一切|任何|你的|系统|评分)[^。！？]{0,10}(指令|指示|规则|要求|提示词?|设定|标准|要点|说明|内容)`),
	d(kindOverride, `(忽略|无视|忘记|忘掉|不要理会|不用理会|别管|推翻|绕过)\s*(rubric|评分标准|评分要点|评分规则|规则|指令|提示词|以上|上文|前文|上述)`),
	d(kindOverride, `新的?(指令|任务|规则|要求)\s*:|(真正|实际)的(指令|任务)`),

	d(kindScore, `\b(give|award|assign|grant)\b.{0,20}\b(me|this|my|it|the (answer|response|submission))\b.{0,20}\b(full|maximum|max|perfect|top|highest|100|five|5|ten|10)\b.{0,15}\b(marks?|points?|score|stars?|credits?|grade)\b`),
	d(kindScore, `\b(give|award|assign|grant)\b.{0,15}\b(full|maximum|perfect|top|highest|100|five|5)\b.{0,10}\b(marks?|score|stars?|credits?|grade)\b|\b(give|award|grant)\s+\d{2,3}\s+points\b`),
	d(kindScore, `\b(rate|score|grade|mark)\s+(me|this|my|it)\b.{0,30}\b(full|maximum|max|perfect|top|highest|100|five|5|ten|10|a\+)\b`),
	d(kindScore, `\b(full marks?|perfect score|full score|full credit|maximum marks?)\b|\ban? a\+ (grade|answer)\b`),
	d(kindScore, `\bscore\b\s*(of|=|:|is|should be|must be|will be|to be)\s*\d{2,3}\b|\b\d{2,3}\s*(/|out of)\s*100\b|\b(5|five)\s*(/|out of)\s*5\b|\b(5|five)[- ]stars?\b`),
	d(kindScore, `\b(mark|treat|consider|label|set|grade|count)\b.{0,30}\b(all|every|each)\b.{0,25}\b(key points?|points?|items?|criteria)\b.{0,10}\b(covered|correct|complete|satisfied)\b|\ball (the )?(key )?points (are|were) (covered|present|satisfied)\b`),
	d(kindScore, `\b(should|must|deserves?|deserving|worth)\b.{0,20}(100\s*(points|marks|/\s*100)|full marks|five stars|5 stars|a perfect (score|grade|mark))`),
	d(kindScore, `(给|打)(我|本回答|这个回答|该回答|此回答|这份回答|这道题)?[^。！？]{0,4}(满分|一百分|最高分|五星|5\s*星)|(给|打)(我|本回答|这个回答|该回答|此回答|这份回答)[^。！？]{0,6}100\s*分|满分`),
	d(kindScore, `(所有|全部|每个|每一个)的?要点[^。！？]{0,10}(覆盖|讲到|满足|命中|通过|正确)|(要点|全部)(都)?(已|算|标记为|判为|视为)(覆盖|讲到|满足)`),
	d(kindScore, `(得分|分数|总分|评分)\s*([:=]|设为|设置为|改为|定为|记为)\s*\d+|(本题|本回答|这个回答|该回答|我的回答|我的)(得分|分数|总分|评分)|(应该|应当|值得|必须)(得|拿|给|打)?(满分|高分|五星|100\s*分)`),

	d(kindScore, `\b(grading|evaluation|scoring|grader'?s?) (result|verdict|output)s?\s*(:|=|is\b)|(以下|下面|如下)是?的?(评分|打分|评审|评阅)(结果|意见)|(评分|打分|评阅)结果\s*[:=]`),
	d(kindAddress, `\b(dear|hey|hi|hello|attention|note to|message to|instructions? (to|for))\s+(the\s+)?(grader|judge|evaluator|examiner|reviewer|marker|ai|model|assistant|llm|gpt|chatgpt|bot)\b`),
	d(kindAddress, `^[\W_]{0,3}(grader|judge|evaluator|examiner|ai|model|assistant|llm|gpt|bot)\s*[,:!]`),
	d(kindAddress, `\byou (must|should|will|have to|need to|are required to|are instructed to)\b.{0,30}\b(grade|score|mark|rate|award|give|assign)\b.{0,30}\b(answer|response|submission|me|marks?|points|score|stars?)\b`),
	d(kindAddress, `\b(this|the|my) (answer|response|submission) (is|should be|must be|will be) (graded|scored|marked|rated|perfect|flawless)\b|\b(to|for) (the )?(ai|llm|model|grader|judge) (reading|grading|evaluating|scoring)\b`),
	d(kindAddress, `^[\W_]{0,3}(评分员|评分者|评卷人|阅卷人|阅卷老师|评审|评委|考官|ai|模型|助手|大模型|gpt)\s*[,，:!！]|(亲爱的|尊敬的|致)\s*(评分|阅卷|评审|评委|考官|ai|模型|助手)`),
	d(kindAddress, `你(必须|应该|需要|要|得|务必)[^。！？]{0,20}(打分|评分|给分|给我打|评为|判定为|判为)|请你?(给|为)?(我|本回答|这个回答|该回答|此回答)[^。！？]{0,8}(打分|评分|打满|评为|判为|给满)`),
	d(kindAddress, `(本|这个|该|此|我的)回答(是)?(完美|满分|完全正确|无可挑剔)|(给|致)(评分|阅卷)(模型|系统|ai)`),

	d(kindRolePlay, `\byou (will |should |must |now |can )?act as\b|\bact as (an? |the |my )?(grader|judge|evaluator|examiner|teacher|interviewer|ai|assistant|model|llm|dan|unrestricted|lenient|generous)\b|\b(pretend (to be|you are|you're|that you)|role-?play|role play|you are now|from now on|imagine (that )?you are|simulate (a|an|being)|developer mode|dan mode|jailbreak|stay in character)\b`),
	d(kindRolePlay, `\byou are (a|an|the|my)\b.{0,25}\b(grader|judge|evaluator|examiner|reviewer|marker|teacher|assistant)\b|作为(一[个名位])?[^。！？]{0,6}(评分|阅卷|评审|打分)(模型|系统|老师|员|者|人|ai|助手)`),
	d(kindOverride, `\b(system|admin|administrator|grader|grading|developer|output format) (override|mode|command)s?\b|\b(reviewer|grader|grading|judge|evaluator|marker|marking|scoring) (instructions?|notes?|guidance|directives?)\s*:`),
	d(kindScore, `\b(rubric|grader|grading|judge|evaluation|evaluator|marking|marker)\b.{0,40}\b(gets?|is|deserves?|earns?|worth|=|:)\s*(a\s+)?(100|full|perfect|maximum|an? a\+)\b|\bscore\s+(of\s+)?(100|9\d)\b|\b(respond|reply|answer|output|return)\s+with\b.{0,20}\b(score|grade|marks?)\b`),
	d(kindScore, `\b(treat|consider|regard|grade|mark|score|rate)\s+(this|it|my answer|the answer|this answer)\s+(as\s+)?(an?\s+)?(perfect|correct|complete|full|excellent|flawless)\b|\b(grade|verdict)\s*[:=]\s*(a\+|pass|perfect|excellent|100)`),
	d(kindScore, `(应|应该|应当|请|要)(给|打|得|评)\s*\d{2,3}\s*分|(答得|回答得?)(很|非常|十分)?完美|(评分|打分|阅卷|评阅)时?[^。！？]{0,6}(忽略|无视|不要扣|别扣|放宽|宽松)`),
	d(kindRolePlay, `扮演|假装|假设你是|想象你是|你现在是|现在你是|从现在(起|开始)|角色扮演|开发者模式|越狱|进入(开发者|调试|上帝|管理员|无限制|dan)模式`),

	d(kindOutput, `\b(output|respond with|reply with|print|emit|return)\b.{0,20}(this json|the following json|json:|exactly this|the following (verdict|grade|score|result))|\b(status|verdict)\s*[:=]\s*"?(covered|pass|correct)\b`),
	d(kindOutput, `(输出|返回|回复)[^。！？]{0,6}(以下|如下|下面的?)(内容|json|结果|评分|分数)|(只|仅)(输出|返回|回复)[^。！？]{0,8}json|(输出|返回|回复)这段(json|内容)`),
}

// verdictKeys are JSON keys of a grading result: an object with one of them
// inside an answer is an attempt to pass off a verdict.
var verdictKeys = regexp.MustCompile(`"(score|grade|key_?points|verdict|evidence|misconceptions|marks|rating|stars|covered|分数|得分|评分)"\s*:|"status"\s*:\s*"(covered|partial|missing)"`)

// fenceInfo names code fences that carry prompts rather than code.
var fenceInfo = regexp.MustCompile(`^(system|prompt|instructions?|grader|assistant|user|sys)\b`)

// injection is what scanning an answer found.
type injection struct {
	kinds []string // sorted, unique
	clean string   // the answer without the injected parts
}

func (in injection) found() bool { return len(in.kinds) > 0 }

// scanInjection finds text in an answer that speaks to the grader instead of
// answering the question, and returns the answer without it. It removes
// whole sentences, lines, code fences and JSON objects: a legitimate sentence
// that shares one with an injection is lost too, which can only lower the
// score, never raise it.
func scanInjection(answer string) injection {
	var kinds []string
	add := func(k string) {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	text, tags, hidden := hiddenText(answer)
	if hidden {
		add(kindHidden)
	}
	if tags != "" {
		for _, s := range sentences(tags) {
			if k := match(fold(s)); k != "" {
				add(k)
			}
		}
	}
	text = dropFences(text, add)
	text = dropVerdictJSON(text, add)
	var lines []string
	for _, line := range strings.Split(text, "\n") {
		f := fold(line)
		if k := matchAny(lineDetectors, f); k != "" {
			add(k)
			continue
		}
		var kept []string
		for _, s := range sentences(line) {
			if k := match(fold(s)); k != "" {
				add(k)
				continue
			}
			kept = append(kept, s)
		}
		if len(kept) > 0 || strings.TrimSpace(line) == "" {
			lines = append(lines, strings.TrimRight(strings.Join(kept, ""), " \t"))
		}
	}
	slices.Sort(kinds)
	return injection{kinds: kinds, clean: strings.TrimSpace(strings.Join(lines, "\n"))}
}

// match returns the kind of the first sentence detector that matches the
// folded sentence s, or "".
func match(s string) string {
	if k := matchAny(sentenceDetectors, s); k != "" {
		return k
	}
	if verdictKeys.MatchString(s) {
		return kindJSON
	}
	return ""
}

func matchAny(ds []detector, s string) string {
	for _, dt := range ds {
		if dt.re.MatchString(s) {
			return dt.kind
		}
	}
	return ""
}

// fold is the form detectors read: compatibility-normalised (full-width
// letters and colons become ASCII), lower case, white space collapsed.
func fold(s string) string {
	return normalize(norm.NFKC.String(s))
}

// sentences splits a line after sentence-ending punctuation, keeping the
// punctuation, so joining the parts gives the line back.
func sentences(line string) []string {
	var out []string
	start := 0
	runes := []rune(line)
	for i, r := range runes {
		end := strings.ContainsRune("。！？!?；;", r) ||
			r == '.' && (i+1 == len(runes) || unicode.IsSpace(runes[i+1]))
		if end {
			out = append(out, string(runes[start:i+1]))
			start = i + 1
		}
	}
	if start < len(runes) {
		out = append(out, string(runes[start:]))
	}
	return out
}

// dropFences removes fenced code blocks that carry instructions: a fence
// labelled as a prompt, or one whose content any detector matches. Ordinary
// code stays.
func dropFences(text string, add func(string)) string {
	lines := strings.Split(text, "\n")
	var out, block []string
	var info string
	in := false
	for _, line := range lines {
		t := strings.TrimSpace(line)
		isFence := strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")
		switch {
		case isFence && !in:
			in, info, block = true, fold(strings.Trim(t, "`~ ")), []string{line}
		case isFence && in:
			block = append(block, line)
			in = false
			if fenceInjects(info, block) {
				add(kindFence)
				continue
			}
			out = append(out, block...)
		case in:
			block = append(block, line)
		default:
			out = append(out, line)
		}
	}
	if in { // an unclosed fence runs to the end
		if fenceInjects(info, block) {
			add(kindFence)
		} else {
			out = append(out, block...)
		}
	}
	return strings.Join(out, "\n")
}

func fenceInjects(info string, block []string) bool {
	if fenceInfo.MatchString(info) {
		return true
	}
	for _, line := range block[1:] {
		f := fold(line)
		if matchAny(lineDetectors, f) != "" {
			return true
		}
		for _, s := range sentences(line) {
			if match(fold(s)) != "" {
				return true
			}
		}
	}
	return false
}

// dropVerdictJSON removes brace-balanced objects that contain a verdict key.
func dropVerdictJSON(text string, add func(string)) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		j := closingBrace(text, i)
		if j < 0 {
			// Unbalanced: a truncated fake verdict is still one.
			if verdictKeys.MatchString(fold(text[i:])) {
				add(kindJSON)
				b.WriteString(text[:i])
				return b.String()
			}
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		if obj := text[i : j+1]; verdictKeys.MatchString(fold(obj)) {
			add(kindJSON)
		} else {
			b.WriteString(obj)
		}
		text = text[j+1:]
	}
}

// closingBrace returns the index of the brace that closes the one at open,
// skipping braces inside JSON strings, or -1.
func closingBrace(s string, open int) int {
	depth, inStr, esc := 0, false, false
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}
