package grading

// The vocabularies below are data, not configuration: they say how engineers
// write about the things the bank asks, so that the same idea written three
// ways ("goroutines", "协程", "Goroutine") becomes one term. Nothing here is
// keyed to a question; a term belongs here when it is general technical
// language.

// techTerms are English technical words kept whole: they are not split on
// '-', '.' or '_' and never stemmed, so "cache-aside" stays one term and
// "goroutines" does not become "goroutin". The value is the canonical form
// (plurals and spelling variants fold onto it).
var techTerms = map[string]string{
	"goroutine": "goroutine", "goroutines": "goroutine", "go-routine": "goroutine", "go-routines": "goroutine",
	"channel": "channel", "channels": "channel", "chan": "channel", "chans": "channel",
	"gmp": "gmp", "gomaxprocs": "gomaxprocs", "sysmon": "sysmon", "netpoller": "netpoller",
	"epoll": "epoll", "kqueue": "kqueue", "iocp": "iocp", "select": "select", "poll": "poll",
	"raft": "raft", "paxos": "paxos", "zab": "zab", "gossip": "gossip",
	"cache-aside": "cache-aside", "write-through": "write-through", "write-back": "write-back", "read-through": "read-through",
	"resourceversion": "resourceversion", "etcd": "etcd", "kubelet": "kubelet", "kube-proxy": "kube-proxy",
	"kube-apiserver": "kube-apiserver", "apiserver": "kube-apiserver", "configmap": "configmap", "statefulset": "statefulset",
	"daemonset": "daemonset", "deployment": "deployment", "pod": "pod", "pods": "pod", "informer": "informer", "informers": "informer",
	"mutex": "mutex", "mutexes": "mutex", "rwmutex": "rwmutex", "waitgroup": "waitgroup", "sync.pool": "sync.pool",
	"sync.once": "sync.once", "sync.map": "sync.map", "atomic": "atomic", "cas": "cas", "compare-and-swap": "cas",
	"gc": "gc", "stw": "stw", "stop-the-world": "stw", "tri-color": "tricolor", "tricolor": "tricolor",
	"write-barrier": "write-barrier", "mmap": "mmap", "syscall": "syscall", "syscalls": "syscall",
	"tcp": "tcp", "udp": "udp", "http": "http", "https": "https", "http/2": "http2", "http2": "http2", "http/3": "http3",
	"quic": "quic", "tls": "tls", "grpc": "grpc", "protobuf": "protobuf", "dns": "dns", "ack": "ack", "syn": "syn", "fin": "fin",
	"time_wait": "time_wait", "time-wait": "time_wait", "close_wait": "close_wait",
	"redis": "redis", "mysql": "mysql", "postgres": "postgres", "postgresql": "postgres", "innodb": "innodb",
	"mvcc": "mvcc", "b+tree": "b+tree", "b+树": "b+tree", "b-tree": "btree", "btree": "btree", "lsm": "lsm", "wal": "wal",
	"redo": "redo", "undo": "undo", "binlog": "binlog", "acid": "acid", "cap": "cap", "base": "base",
	"kafka": "kafka", "rabbitmq": "rabbitmq", "nginx": "nginx", "docker": "docker", "kubernetes": "kubernetes", "k8s": "kubernetes",
	"llm": "llm", "llms": "llm", "rag": "rag", "agent": "agent", "agents": "agent", "prompt": "prompt", "prompts": "prompt",
	"embedding": "embedding", "embeddings": "embedding", "token": "token", "tokens": "token",
	"api": "api", "apis": "api", "rpc": "rpc", "json": "json", "yaml": "yaml", "sql": "sql", "nosql": "nosql",
	"cpu": "cpu", "cpus": "cpu", "gpu": "gpu", "ram": "ram", "os": "os", "io": "io", "i/o": "io",
	"fifo": "fifo", "lifo": "lifo", "lru": "lru", "lfu": "lfu", "ttl": "ttl", "qps": "qps", "p99": "p99",
	"idempotent": "idempotent", "idempotency": "idempotent", "idempotence": "idempotent",
	"defer": "defer", "panic": "panic", "recover": "recover", "interface{}": "interface", "nil": "nil",
	"struct": "struct", "structs": "struct", "slice": "slice", "slices": "slice", "map": "map", "maps": "map",
	"hashmap": "hashtable", "hash-map": "hashtable", "hashtable": "hashtable", "hash-table": "hashtable",
	"linked-list": "linkedlist", "linkedlist": "linkedlist", "o(1)": "o(1)", "o(n)": "o(n)",
}

// techPairs are two-word English terms joined into one canonical term before
// matching, so "linked list" and "链表" meet.
var techPairs = map[[2]string]string{
	{"linked", "list"}: "linkedlist", {"hash", "table"}: "hashtable", {"hash", "map"}: "hashtable",
	{"binary", "tree"}: "binarytree", {"binary", "search"}: "binarysearch", {"garbage", "collection"}: "gc",
	{"garbage", "collector"}: "gc", {"write", "barrier"}: "write-barrier", {"stop", "world"}: "stw",
	{"run", "queue"}: "runqueue", {"work", "stealing"}: "work-stealing", {"load", "balancing"}: "loadbalanc",
	{"load", "balancer"}: "loadbalanc", {"dead", "lock"}: "deadlock", {"race", "condition"}: "datarace",
	{"data", "race"}: "datarace", {"random", "access"}: "randomaccess", {"time", "complexity"}: "timecomplex",
	{"space", "complexity"}: "spacecomplex", {"context", "switch"}: "contextswitch", {"system", "call"}: "syscall",
	{"three", "way"}: "threeway", {"consistent", "hashing"}: "consistenthash", {"primary", "key"}: "primarykey",
}

// zhTerms are Chinese technical words added to the segmenter so they are
// never cut apart, each with the canonical term it means. Where an English
// canonical form exists the Chinese word maps onto it, so a Chinese answer
// matches an English phrase and the other way round; otherwise it maps to
// itself.
var zhTerms = map[string]string{
	"三色标记法": "tricolor", "三色标记": "tricolor", "写屏障": "write-barrier", "混合写屏障": "write-barrier",
	"垃圾回收": "gc", "垃圾收集": "gc", "协程": "goroutine", "通道": "channel", "管道": "channel",
	"线程": "thread", "进程": "process", "内核线程": "thread", "操作系统线程": "thread",
	"栈": "stack", "堆": "heap", "队列": "queue", "锁": "lock", "互斥锁": "mutex", "读写锁": "rwmutex",
	"逃逸分析": "escap", "内存逃逸": "escap", "逃逸": "escap",
	"调度": "schedul", "调度器": "schedul", "抢占": "preempt", "抢占式": "preempt",
	"本地队列": "localqueue", "全局队列": "globalqueue", "运行队列": "runqueue", "工作窃取": "work-stealing",
	"系统调用": "syscall", "上下文切换": "contextswitch", "死锁": "deadlock", "数据竞争": "datarace", "竞态": "datarace",
	"原子操作": "atomic", "哈希表": "hashtable", "散列表": "hashtable", "哈希": "hash", "散列": "hash",
	"数组": "array", "链表": "linkedlist", "指针": "pointer", "内存": "memory", "缓存": "cache",
	"二叉树": "binarytree", "二分查找": "binarysearch", "二分": "binarysearch", "红黑树": "redblacktree",
	"时间复杂度": "timecomplex", "空间复杂度": "spacecomplex", "复杂度": "complex",
	"随机访问": "randomaccess", "顺序表": "顺序表", "遍历": "travers", "递归": "recurs", "排序": "sort",
	"缓存穿透": "缓存穿透", "缓存击穿": "缓存击穿", "缓存雪崩": "缓存雪崩", "分布式锁": "分布式锁",
	"一致性哈希": "consistenthash", "最终一致性": "最终一致性", "强一致性": "强一致性", "主从复制": "replic",
	"负载均衡": "loadbalanc", "限流": "ratelimit", "熔断": "circuitbreak", "降级": "降级", "服务发现": "服务发现",
	"幂等": "idempotent", "幂等性": "idempotent", "零拷贝": "zerocopi", "多路复用": "multiplex", "io多路复用": "multiplex",
	"三次握手": "threeway", "四次挥手": "四次挥手", "拥塞控制": "congest", "滑动窗口": "slidingwindow", "慢启动": "slowstart",
	"事务": "transact", "索引": "index", "主键": "primarykey", "回表": "回表", "覆盖索引": "覆盖索引",
	"消息队列": "messagequeue", "分片": "shard", "副本": "replic", "复制": "replic", "选举": "elect", "领导者": "leader",
	"心跳": "heartbeat", "日志": "log", "快照": "snapshot", "租约": "leas", "令牌桶": "tokenbucket", "漏桶": "leakybucket",
	"切片": "slice", "接口": "interfac", "结构体": "struct", "闭包": "closur", "反射": "reflect", "泛型": "generic",
	"上下文": "context", "超时": "timeout", "取消": "cancel", "并发": "concurr", "并行": "parallel",
	"阻塞": "block", "非阻塞": "nonblock", "异步": "async", "同步": "synchron", "回调": "callback",
	"函数": "function", "方法": "method", "变量": "variabl", "对象": "object", "类": "class", "编译器": "compil",
	"扩容": "扩容", "容量": "capac", "长度": "length", "底层数组": "底层数组",
	"大模型": "llm", "提示词": "prompt", "向量": "vector", "检索增强": "rag", "智能体": "agent",
}

// enSynonyms folds English words that mean the same thing in technical prose
// onto one word before stemming. Kept small on purpose: a wrong synonym
// rewards a wrong answer.
var enSynonyms = map[string]string{
	"func": "function", "functions": "function", "routine": "function", "subroutine": "function",
	"procedure": "function", "procedures": "function", "methods": "method",
	"arrays": "array",
	"mem":    "memory", "storage": "memory", "stores": "store", "stored": "store", "storing": "store",
	"var": "variable", "vars": "variable", "params": "parameter", "param": "parameter", "args": "argument",
	"arg": "argument", "ptr": "pointer", "ptrs": "pointer", "addr": "address",
	"obj": "object", "objs": "object", "init": "initialize", "initialise": "initialize",
	"alloc": "allocate", "allocates": "allocate", "dealloc": "deallocate", "malloc": "allocate",
	"fast": "quick", "faster": "quick", "quicker": "quick", "speed": "quick",
	"big": "large", "bigger": "large", "larger": "large", "huge": "large",
	"small": "little", "smaller": "little", "tiny": "little",
	"begin": "start", "beginning": "start", "starts": "start", "starting": "start",
	"end": "finish", "ends": "finish", "ending": "finish",
	"remove": "delete", "removes": "delete", "removing": "delete", "removed": "delete", "removal": "delete",
	"insert": "add", "inserts": "add", "inserting": "add", "inserted": "add", "insertion": "add",
	"retrieve": "get", "retrieves": "get", "fetch": "get", "obtain": "get", "access": "get",
	"modify": "change", "modifies": "change", "alter": "change", "alters": "change", "update": "change", "updates": "change",
	"error": "bug", "errors": "bug", "defect": "bug", "defects": "bug", "fault": "bug", "faults": "bug",
	"test": "test", "testing": "test", "tests": "test", "examine": "check", "verify": "check", "validate": "check",
	"duplicate": "copy", "duplicates": "copy", "clone": "copy", "copies": "copy",
	"element": "item", "elements": "item", "items": "item", "entry": "item", "entries": "item",
	"node": "node", "nodes": "node", "vertex": "node", "vertices": "node",
	"execute": "run", "executes": "run", "executing": "run", "execution": "run", "runs": "run", "running": "run",
	"invoke": "call", "invokes": "call", "invoked": "call", "calls": "call", "calling": "call",
	"simulate": "simulat", "mimic": "simulat", "emulate": "simulat",
	"thread": "thread", "threads": "thread", "process": "process", "processes": "process",
	"locate": "find", "search": "find", "searches": "find", "searching": "find", "lookup": "find",
	"declare": "declar", "declaration": "declar", "declares": "declar", "define": "declar", "definition": "declar",
}

// enStopWords are dropped before matching on top of the stemmer's list: words
// that carry no technical content in an answer.
var enStopWords = map[string]bool{
	"also": true, "would": true, "could": true, "may": true, "might": true, "must": true, "shall": true,
	"use": true, "used": true, "uses": true, "using": true, "get": false, "etc": true, "e.g": true,
	"i.e": true, "eg": true, "ie": true, "way": true, "thing": true, "things": true, "something": true,
	"basically": true, "actually": true, "really": true, "simply": true, "just": true, "like": true,
	"called": true, "known": true, "able": true, "via": true, "within": true, "without": false, "upon": true,
	"yes": true, "ok": true, "okay": true, "well": true, "much": true, "many": true, "let": true, "lets": true,
}

// quantifiers are stop words to the stemmer but carry the claim in a
// sentence ("each node stores one row", "only for ranges"), so they are kept.
var quantifiers = map[string]bool{
	"all": true, "only": true, "each": true, "any": true, "both": true, "same": true, "few": true,
	"more": true, "most": true, "before": true, "after": true, "once": true, "own": true,
}

// zhStopWords are Chinese function words and fillers dropped before matching.
var zhStopWords = map[string]bool{
	"的": true, "了": true, "是": true, "在": true, "和": true, "与": true, "或": true, "及": true, "而": true,
	"就": true, "都": true, "也": true, "还": true, "又": true, "被": true, "把": true, "对": true, "从": true,
	"到": true, "为": true, "以": true, "其": true, "这": true, "那": true, "这个": true, "那个": true, "这些": true,
	"那些": true, "一个": true, "一种": true, "一些": true, "我": true, "我们": true, "你": true, "他": true,
	"它": true, "它们": true, "之": true, "着": true, "过": true, "吗": true, "呢": true, "吧": true, "啊": true,
	"等": true, "等等": true, "即": true, "则": true, "所以": true, "因为": true, "但是": true, "但": true,
	"如果": true, "就是": true, "可以": true, "能": true, "会": true, "要": true, "需要": true, "进行": true,
	"通过": true, "使用": true, "用": true, "时": true, "时候": true, "中": true, "上": true, "下": true,
	"里": true, "个": true, "些": true, "比较": true, "非常": true, "很": true, "更": true, "最": true,
	"然后": true, "并且": true, "以及": true, "并": true, "且": true, "之后": true, "之前": true, "可能": true,
	"叫": true, "称为": true, "所": true, "得": true, "地": true, "有": true, "没": true, "哦": true,
	"嗯": true, "呀": true, "么": true, "什么": true, "怎么": true, "如何": true, "为什么": true, "哪些": true,
}

// negations mark a statement as denied, so a misconception phrase preceded by
// one ("P is not a CPU core", "P 不是 CPU") is not counted against the author.
var negations = map[string]bool{
	"not": true, "no": true, "never": true, "neither": true, "nor": true, "cannot": true,
	"isn't": true, "isnt": true, "aren't": true, "arent": true, "wasn't": true, "weren't": true,
	"doesn't": true, "doesnt": true, "don't": true, "dont": true, "didn't": true, "didnt": true,
	"can't": true, "cant": true, "won't": true, "wont": true, "shouldn't": true, "shouldnt": true,
	"mustn't": true, "mustnt": true, "needn't": true, "haven't": true, "hasn't": true,
	"不": true, "不是": true, "并非": true, "并不": true, "没有": true, "没": true, "未": true, "非": true, "无": true,
	"不会": true, "不能": true, "不要": true, "别": true, "不应": true, "不应该": true, "不该": true,
	"不保证": true, "不一定": true, "不必": true, "无需": true, "不用": true, "不需要": true, "切勿": true, "勿": true,
}

// units maps unit spellings to one form, so "2 KB", "2KB" and "2 千字节"
// are the same token, as are "10 ms", "10毫秒" and "10 milliseconds".
var units = map[string]string{
	"b": "b", "byte": "b", "bytes": "b", "字节": "b",
	"kb": "kb", "k": "k", "kib": "kb", "kilobyte": "kb", "kilobytes": "kb", "千字节": "kb",
	"mb": "mb", "mib": "mb", "m": "m", "megabyte": "mb", "megabytes": "mb", "兆": "mb",
	"gb": "gb", "gib": "gb", "g": "g", "gigabyte": "gb", "gigabytes": "gb",
	"tb": "tb", "bit": "bit", "bits": "bit", "位": "bit", "比特": "bit",
	"ns": "ns", "nanosecond": "ns", "nanoseconds": "ns", "纳秒": "ns",
	"us": "us", "µs": "us", "μs": "us", "microsecond": "us", "microseconds": "us", "微秒": "us",
	"ms": "ms", "millisecond": "ms", "milliseconds": "ms", "毫秒": "ms",
	"s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s", "秒": "s", "秒钟": "s",
	"min": "min", "mins": "min", "minute": "min", "minutes": "min", "分钟": "min",
	"h": "h", "hr": "h", "hour": "h", "hours": "h", "小时": "h",
	"%": "%", "percent": "%", "x": "x", "倍": "x", "核": "core", "cores": "core", "core": "core",
	"qps": "qps", "rps": "qps", "tps": "tps", "万": "e4", "亿": "e8",
}

// commonTerms are the canonical forms of the general vocabulary above: words
// every answer of a topic uses, which on their own are no evidence of a
// particular point.
var commonTerms = func() map[string]bool {
	m := make(map[string]bool, len(techTerms)+len(zhTerms))
	for _, v := range techTerms {
		m[v] = true
	}
	for _, v := range zhTerms {
		m[v] = true
	}
	return m
}()
