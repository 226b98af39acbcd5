package main

// End-to-end tests: they build the real binary and drive `interviewbot try`
// through pipes like a person at a terminal, then check what history and
// report print. They run on SQLite in a temporary directory and on the
// PostgreSQL named by TEST_DATABASE_URL.

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/prompts"
)

// e2eDeadline guards against a hung binary; a healthy run takes seconds.
const e2eDeadline = 2 * time.Minute

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// MustBinary builds the interviewbot binary once per test run.
func MustBinary(tb testing.TB) string {
	tb.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "interviewbot-e2e-"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "interviewbot")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		tb.Fatal(buildErr)
	}
	return binPath
}

// MustBank loads the embedded question bank, for reference answers.
func MustBank(tb testing.TB) *bot.Bank {
	tb.Helper()
	qs, err := prompts.Load()
	if err != nil {
		tb.Fatal(err)
	}
	b, err := bot.NewBank(qs)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// e2eEnv is the environment of one simulated user: the test's own
// environment minus anything that configures interviewbot, plus vars.
func e2eEnv(vars ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATABASE_URL=") && !strings.HasPrefix(kv, "INTERVIEWBOT_") {
			env = append(env, kv)
		}
	}
	return append(env, vars...)
}

// proc is a running interviewbot with its stdin and a growing stdout.
type proc struct {
	t     *testing.T
	cmd   *exec.Cmd
	stdin io.WriteCloser
	mu    sync.Mutex
	out   bytes.Buffer
	errs  bytes.Buffer
	pos   int // how much of out expect has consumed
}

type lockedWriter struct {
	mu  *sync.Mutex
	buf *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// start runs the binary in dir with env and args.
func start(t *testing.T, dir string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, cmd: exec.Command(MustBinary(t), args...)}
	p.cmd.Dir, p.cmd.Env = dir, env
	p.cmd.Stdout = lockedWriter{&p.mu, &p.out}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.errs}
	var err error
	if p.stdin, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	return p
}

// expect waits until re matches the output not yet consumed, consumes it up
// to the end of the match and returns the submatches.
func (p *proc) expect(re string) []string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(e2eDeadline)
	for {
		p.mu.Lock()
		rest := p.out.String()[p.pos:]
		if loc := rx.FindStringSubmatchIndex(rest); loc != nil {
			m := rx.FindStringSubmatch(rest)
			p.pos += loc[1]
			p.mu.Unlock()
			return m
		}
		all, errs := p.out.String(), p.errs.String()
		p.mu.Unlock()
		if time.Now().After(deadline) {
			p.t.Fatalf("output never matched %q\n--- stdout:\n%s\n--- stderr:\n%s", re, all, errs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (p *proc) send(s string) {
	p.t.Helper()
	if _, err := io.WriteString(p.stdin, s); err != nil {
		p.t.Fatalf("write stdin: %v", err)
	}
}

// finish closes stdin, waits for the exit and returns everything printed.
func (p *proc) finish() string {
	p.t.Helper()
	p.stdin.Close()
	err := p.cmd.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.t.Fatalf("interviewbot exited with %v\n--- stdout:\n%s\n--- stderr:\n%s", err, p.out.String(), p.errs.String())
	}
	return p.out.String()
}

// runCmd runs a one-shot command and returns its stdout.
func runCmd(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(MustBinary(t), args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("interviewbot %s: %v\n%s\n%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}

// questionRe matches a question header and captures position and id.
const questionRe = `Question (\d+)/(\d+) · [^\n]* · ([a-z0-9-]+)\n`

// reference is a question's English reference answer as a terminal answer:
// blank lines removed (an empty line ends the answer), one empty line after.
func reference(tb testing.TB, bank *bot.Bank, id string) string {
	tb.Helper()
	q, err := bank.Find(id)
	if err != nil {
		tb.Fatalf("the binary asked %q, which the bank does not have: %v", id, err)
	}
	var lines []string
	for _, l := range strings.Split(q.Reference.EN, "\n") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n") + "\n\n"
}

// scriptedInterview answers a six-question interview: on question 1 a hint,
// an empty answer, a 1 MB line and invalid UTF-8 (each refused with a clear
// message) and then the reference answer; question 2 is skipped; the rest
// get their reference answers. It returns the report block the run printed.
func scriptedInterview(t *testing.T, dir string, env []string) (id, report string) {
	bank := MustBank(t)
	p := start(t, dir, env, "try", "--lang", "en", "--questions", "6")
	for i := 1; i <= 6; i++ {
		m := p.expect(questionRe)
		if m[1] != fmt.Sprint(i) || m[2] != "6" {
			t.Fatalf("asked question %s/%s, want %d/6", m[1], m[2], i)
		}
		switch i {
		case 1:
			p.send("hint\n")
			p.expect(`💡 Hint 1: think about \S`)
			p.send("\n")
			p.expect(`That answer is empty`)
			p.send(strings.Repeat("x", 1<<20) + "\n\n")
			p.expect(`too long \(1\.0 MB; the limit is 64 KB\)`)
			p.send("goroutines \xff\xfe are cheap\n\n")
			p.expect(`not valid UTF-8`)
			p.send(reference(t, bank, m[3]))
			p.expect(`Review: ⭐+  \d+/100`)
		case 2:
			p.send("skip\n")
			p.expect(`⏭ Skipped\.`)
		default:
			p.send(reference(t, bank, m[3]))
			p.expect(`Review: ⭐+  \d+/100`)
		}
	}
	m := p.expect(`══════════ Mock interview report #(\d+) ══════════`)
	out := p.finish()
	i := strings.LastIndex(out, "══════════ Mock interview report #")
	return m[1], out[i:]
}

// checkReport asserts the report's shape and that good reference answers
// with one skip come out as a pass.
func checkReport(t *testing.T, report string) {
	t.Helper()
	// Round 1 measures one or two of the basic dimensions; rounds 2 and 3
	// measure architecture and engineering practice, two questions each.
	dims := regexp.MustCompile(`(?m)^- (.+) \((\d) questions?\): (\[(✅| )\] \S+( \S+)? ?){4}$`).FindAllStringSubmatch(report, -1)
	if len(dims) < 3 || len(dims) > 4 {
		t.Errorf("report rates %d dimensions, want 3 or 4\n%s", len(dims), report)
	}
	for _, d := range dims {
		if strings.Count(d[0], "[✅]") != 1 {
			t.Errorf("dimension line %q does not tick exactly one rating", d[0])
		}
	}
	for _, want := range []string{
		`(?m)^- (Go basics|Concurrency|CS fundamentals) \(\d questions?\): `,
		`(?m)^- Architecture \(2 questions\): `,
		`(?m)^- Engineering practice \(2 questions\): `,
		`🎖️ Overall score: \d+\.\d/10`,
		`(?m)^- Technical depth: \d+\.\d/10$`, `(?m)^- Engineering practice: \d+\.\d/10$`, `(?m)^- Systems thinking: \d+\.\d/10$`,
		`(?m)^- Communication: \d+\.\d/10$`, `(?m)^- Learning: \d+\.\d/10$`,
		`(?m)^- \[✅\] (Strong hire|Pass, another round needed)$`,
		`(?m)^\d\. Prepare the question you skipped`,
	} {
		if !regexp.MustCompile(want).MatchString(report) {
			t.Errorf("report does not match %s\n%s", want, report)
		}
	}
	if strings.Contains(report, "Interim") {
		t.Errorf("a finished interview's report is labelled interim\n%s", report)
	}
}

func checkHistoryAndReport(t *testing.T, dir string, env []string, id, report string) {
	t.Helper()
	hist := runCmd(t, dir, env, "history")
	overall := regexp.MustCompile(`Overall score: (\d+\.\d)/10`).FindStringSubmatch(report)[1]
	row := regexp.MustCompile(`(?m)^` + id + `\s+\S+ \S+\s+finished\s+go-backend\s+6/6\s+` + regexp.QuoteMeta(overall) + `\s+\S`)
	if !row.MatchString(hist) {
		t.Errorf("history has no finished row for #%s with overall %s\n%s", id, overall, hist)
	}
	if got := runCmd(t, dir, env, "report", id); got != report {
		t.Errorf("report %s differs from the one printed at the end of try\n--- report:\n%s\n--- try:\n%s", id, got, report)
	}
}

func TestE2EScriptedInterviewSQLite(t *testing.T) {
	dir := t.TempDir() // DATABASE_URL unset: ./interviewbot.db in dir
	env := e2eEnv("INTERVIEWBOT_USER=ada", "INTERVIEWBOT_LANG=en")
	id, report := scriptedInterview(t, dir, env)
	checkReport(t, report)
	if _, err := os.Stat(filepath.Join(dir, "interviewbot.db")); err != nil {
		t.Errorf("the default store is not ./interviewbot.db: %v", err)
	}
	checkHistoryAndReport(t, dir, env, id, report)
	// Another member on the same store sees none of it.
	other := e2eEnv("INTERVIEWBOT_USER=grace", "INTERVIEWBOT_LANG=en")
	if out := runCmd(t, dir, other, "history"); !strings.Contains(out, "No mock interviews yet") {
		t.Errorf("another member's history = %q, want empty", out)
	}
}

func TestE2EScriptedInterviewPostgres(t *testing.T) {
	url := os.Getenv("TEST_DATABASE_URL")
	if url == "" {
		t.Fatal("TEST_DATABASE_URL is not set: run `make test`, which starts a throwaway PostgreSQL, " +
			"or export TEST_DATABASE_URL=postgres://user@host:port/db?sslmode=disable")
	}
	user := fmt.Sprintf("e2e-%d", time.Now().UnixNano()) // a fresh member on a shared database
	env := e2eEnv("DATABASE_URL="+url, "INTERVIEWBOT_USER="+user, "INTERVIEWBOT_LANG=en")
	dir := t.TempDir()
	if out := runCmd(t, dir, env, "migrate"); !regexp.MustCompile(`^postgres \S+: schema version \d+\n$`).MatchString(out) {
		t.Errorf("migrate printed %q", out)
	}
	id, report := scriptedInterview(t, dir, env)
	checkReport(t, report)
	checkHistoryAndReport(t, dir, env, id, report)
	if _, err := os.Stat(filepath.Join(dir, "interviewbot.db")); err == nil {
		t.Errorf("a SQLite file was created although DATABASE_URL names PostgreSQL")
	}
}

func TestE2EClosedStdinThenResume(t *testing.T) {
	bank := MustBank(t)
	dir := t.TempDir()
	env := e2eEnv("INTERVIEWBOT_USER=ada", "INTERVIEWBOT_LANG=en")

	p := start(t, dir, env, "try", "--questions", "4")
	m := p.expect(questionRe)
	p.send(reference(t, bank, m[3]))
	p.expect(`Review: `)
	m = p.expect(questionRe)
	second := m[3]
	out := p.finish() // stdin closes while question 2 waits
	for _, want := range []string{"Input ended (stdin closed).", "is paused at question 2/4", "Run `interviewbot try` to resume."} {
		if !strings.Contains(out, want) {
			t.Errorf("after closing stdin the output lacks %q\n%s", want, out)
		}
	}
	if hist := runCmd(t, dir, env, "history"); !regexp.MustCompile(`(?m)^1\s.*paused\s+go-backend\s+1/4`).MatchString(hist) {
		t.Errorf("history does not show interview 1 paused at 1/4\n%s", hist)
	}

	p = start(t, dir, env, "try", "--lang", "zh") // the resumed interview keeps its language
	p.expect(`Resuming mock interview #1 at question 2/4`)
	for i := 2; i <= 4; i++ {
		m := p.expect(questionRe)
		if m[1] != fmt.Sprint(i) || (i == 2 && m[3] != second) {
			t.Fatalf("resumed at question %s (%s), want %d (%s)", m[1], m[3], i, second)
		}
		p.send(reference(t, bank, m[3]))
	}
	p.expect(`Mock interview report #1`)
	p.finish()
	if hist := runCmd(t, dir, env, "history"); !regexp.MustCompile(`(?m)^1\s.*finished\s+go-backend\s+4/4`).MatchString(hist) {
		t.Errorf("history does not show interview 1 finished\n%s", hist)
	}
}
