package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/interviewbot/interviewbot/prompts"
)

// MustBankCopy copies the repository's question files into a new directory,
// leaving out the files named in skip and passing each through edit.
func MustBankCopy(tb testing.TB, skip []string, edit func(name, body string) string) string {
	tb.Helper()
	src := filepath.Join("..", "..", "prompts", "questions")
	entries, err := os.ReadDir(src)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") || slices.Contains(skip, e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			tb.Fatal(err)
		}
		body := string(b)
		if edit != nil {
			body = edit(e.Name(), body)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// k8sIDs are the question ids of kubernetes.yaml, read from the file.
func k8sIDs(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join("..", "..", "prompts", "questions", "kubernetes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`(?m)^  - id: (\S+)$`).FindAllStringSubmatch(string(b), -1) {
		ids = append(ids, m[1])
	}
	slices.Sort(ids)
	return ids
}

func TestQuestionsImport(t *testing.T) {
	target := filepath.Join(t.TempDir(), "bank")
	vars := []string{EnvQuestionsDir + "=" + target}
	ids := k8sIDs(t)
	if len(ids) < 2 {
		t.Fatalf("kubernetes.yaml has %d questions; the test needs at least 2", len(ids))
	}

	// Without kubernetes.yaml and with one question reworded: the preview
	// against the embedded bank names exactly those, and installs nothing.
	reduced := MustBankCopy(t, []string{"kubernetes.yaml"}, func(name, body string) string {
		if name == "networking.yaml" {
			return strings.Replace(body, "      en: ", "      en: (Reworded) ", 1)
		}
		return body
	})
	code, out, errs := runAdmin(t, vars, "questions", "import", reduced)
	if code != 0 {
		t.Fatalf("preview exited %d: %s", code, errs)
	}
	if want := "  removed  " + strconv.Itoa(len(ids)) + ": " + strings.Join(ids, ", ") + "\n"; !strings.Contains(out, want) {
		t.Errorf("preview lacks %q:\n%s", want, out)
	}
	if !regexp.MustCompile(`(?m)^  changed  1: \S+$`).MatchString(out) || !strings.Contains(out, "  added    0\n") {
		t.Errorf("preview should show one changed and nothing added:\n%s", out)
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Fatalf("a preview created %s (%v)", target, err)
	}

	// --apply installs it where serve reads it.
	if code, out, errs := runAdmin(t, vars, "questions", "import", reduced, "--apply"); code != 0 || !strings.Contains(out, "Installed into "+target) {
		t.Fatalf("apply exited %d:\n%s%s", code, out, errs)
	}
	qs, err := prompts.LoadDir(target)
	if err != nil {
		t.Fatalf("the installed bank does not load: %v", err)
	}
	if got, err := loadServeBank(target); err != nil || got.Len() != len(qs) {
		t.Fatalf("serve's loader reads %v (%v), want %d questions", got, err, len(qs))
	}

	// The full bank against the installed one: the kubernetes questions
	// come back, the reworded one changes back; the swap leaves no debris.
	full := MustBankCopy(t, nil, nil)
	code, out, errs = runAdmin(t, vars, "questions", "import", "--apply", full)
	if code != 0 {
		t.Fatalf("second apply exited %d: %s", code, errs)
	}
	if !strings.Contains(out, "  added    "+strconv.Itoa(len(ids))+": "+strings.Join(ids, ", ")) || !strings.Contains(out, "Against "+target) {
		t.Errorf("second preview:\n%s", out)
	}
	siblings, _ := os.ReadDir(filepath.Dir(target))
	if len(siblings) != 1 {
		t.Errorf("beside the bank: %v, want only the bank", siblings)
	}

	// An invalid directory prints its problems, fails, and changes nothing.
	broken := MustBankCopy(t, nil, func(name, body string) string {
		if name == "networking.yaml" {
			return strings.Replace(body, "difficulty: ", "difficulty: 9", 1)
		}
		return body
	})
	code, out, errs = runAdmin(t, vars, "questions", "import", broken, "--apply")
	if code == 0 || !strings.Contains(out, "networking.yaml:") || !strings.Contains(errs, "nothing imported") {
		t.Errorf("broken import: exit %d\n%s%s", code, out, errs)
	}
	after, err := prompts.LoadDir(target)
	if err != nil || len(after) != len(qs)+len(ids) {
		t.Errorf("after the refused import the bank has %d questions (%v), want %d", len(after), err, len(qs)+len(ids))
	}

	// --apply needs a target.
	if code, _, errs := runAdmin(t, nil, "questions", "import", full, "--apply"); code == 0 || !strings.Contains(errs, EnvQuestionsDir) {
		t.Errorf("apply without %s: exit %d, %s", EnvQuestionsDir, code, errs)
	}
}
