package bot

// Round is one stage of a mock interview, as in a real interview loop.
type Round int

// The three rounds of a mock interview, in the order they are asked.
const (
	RoundBasics       Round = 1 // technical basics
	RoundArchitecture Round = 2 // projects, architecture and system design
	RoundEngineering  Round = 3 // engineering practice
)

// Title names the round in lang.
func (r Round) Title(lang Lang) string {
	return roundTitles[r].In(lang)
}

var roundTitles = map[Round]Text{
	RoundBasics:       {ZH: "第一轮：技术基础", EN: "Round 1: technical basics"},
	RoundArchitecture: {ZH: "第二轮：项目与架构设计", EN: "Round 2: projects and architecture"},
	RoundEngineering:  {ZH: "第三轮：工程实践", EN: "Round 3: engineering practice"},
}

// Dimension is a skill the final report rates (优秀/良好/一般/需提升).
type Dimension string

// Report dimensions.
const (
	DimGoBasics     Dimension = "go_basics"
	DimConcurrency  Dimension = "concurrency"
	DimFundamentals Dimension = "cs_fundamentals"
	DimArchitecture Dimension = "architecture"
	DimEngineering  Dimension = "engineering"
)

// Title names the dimension in lang.
func (d Dimension) Title(lang Lang) string {
	return dimensionTitles[d].In(lang)
}

var dimensionTitles = map[Dimension]Text{
	DimGoBasics:     {ZH: "Go 语言基础", EN: "Go basics"},
	DimConcurrency:  {ZH: "并发编程", EN: "Concurrency"},
	DimFundamentals: {ZH: "计算机基础", EN: "CS fundamentals"},
	DimArchitecture: {ZH: "架构设计", EN: "Architecture"},
	DimEngineering:  {ZH: "工程实践", EN: "Engineering practice"},
}

// Topic is a question's subject area. Each topic belongs to one interview
// round and one report dimension, so the question bank never has to repeat
// that mapping question by question.
type Topic struct {
	Name      string
	Title     Text
	Round     Round
	Dimension Dimension
}

// Topics lists every topic the question bank may use, in display order.
var Topics = []Topic{
	{"go-runtime", Text{"Go 运行时", "Go runtime"}, RoundBasics, DimGoBasics},
	{"go-language", Text{"Go 语言", "Go language"}, RoundBasics, DimGoBasics},
	{"go-concurrency", Text{"Go 并发", "Go concurrency"}, RoundBasics, DimConcurrency},
	{"networking", Text{"计算机网络", "Networking"}, RoundBasics, DimFundamentals},
	{"os", Text{"操作系统", "Operating systems"}, RoundBasics, DimFundamentals},
	{"databases", Text{"数据库与缓存", "Databases and caching"}, RoundArchitecture, DimArchitecture},
	{"distributed", Text{"分布式系统", "Distributed systems"}, RoundArchitecture, DimArchitecture},
	{"kubernetes", Text{"Kubernetes", "Kubernetes"}, RoundArchitecture, DimArchitecture},
	{"system-design", Text{"系统设计", "System design"}, RoundArchitecture, DimArchitecture},
	{"llm-agents", Text{"大模型 Agent", "LLM agents"}, RoundArchitecture, DimArchitecture},
	{"microservices", Text{"微服务工程", "Microservices"}, RoundEngineering, DimEngineering},
	{"coding", Text{"编程题", "Coding"}, RoundEngineering, DimEngineering},
}

// FindTopic returns the topic with the given name.
func FindTopic(name string) (Topic, bool) {
	for _, t := range Topics {
		if t.Name == name {
			return t, true
		}
	}
	return Topic{}, false
}
