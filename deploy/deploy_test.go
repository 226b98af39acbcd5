// Package deploy holds no Go code: these tests check that the deployment
// files parse and agree with each other and with the binary — the ports and
// probe paths it serves, the variables it reads, the binary `make release`
// builds — since no Docker engine or cluster runs in CI.
package deploy

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// MustRead reads a file relative to deploy/.
func MustRead(tb testing.TB, path string) string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// MustYAMLDocs decodes every document of a YAML file.
func MustYAMLDocs(tb testing.TB, path string) []map[string]any {
	tb.Helper()
	dec := yaml.NewDecoder(bytes.NewReader([]byte(MustRead(tb, path))))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		if err != nil {
			tb.Fatalf("%s: %v", path, err)
		}
		if d != nil {
			docs = append(docs, d)
		}
	}
}

// at walks a decoded document by keys (string) and indexes (int).
func at(tb testing.TB, v any, path ...any) any {
	tb.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				tb.Fatalf("at %v: %T is not a mapping", path, v)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				tb.Fatalf("at %v: no item %d", path, k)
			}
			v = l[k]
		}
	}
	return v
}

// documented is every variable named in the reference of
// docs/configuration.md.
func documented(tb testing.TB) map[string]bool {
	tb.Helper()
	out := map[string]bool{}
	for _, m := range regexp.MustCompile("`([A-Z][A-Z0-9_]+)`").FindAllStringSubmatch(MustRead(tb, "../docs/configuration.md"), -1) {
		out[m[1]] = true
	}
	return out
}

var envName = regexp.MustCompile(`^(DATABASE_URL|SLACK_[A-Z_]+|WECOM_[A-Z_]+|INTERVIEWBOT_[A-Z_]+)$`)

func TestCompose(t *testing.T) {
	docs := MustYAMLDocs(t, "docker-compose.yml")
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	c := docs[0]
	pg := at(t, c, "services", "postgres")
	bot := at(t, c, "services", "interviewbot")
	if pg == nil || bot == nil {
		t.Fatal("compose needs the postgres and interviewbot services")
	}
	env, _ := at(t, bot, "environment").(map[string]any)
	db, _ := env["DATABASE_URL"].(string)
	if !strings.HasPrefix(db, "postgres://") || !strings.Contains(db, "@postgres:5432/") {
		t.Errorf("DATABASE_URL = %q, want the compose postgres service", db)
	}
	if user, pass, dbname := at(t, pg, "environment", "POSTGRES_USER"), at(t, pg, "environment", "POSTGRES_PASSWORD"), at(t, pg, "environment", "POSTGRES_DB"); !strings.Contains(db, "//"+user.(string)+":"+pass.(string)+"@") || !strings.Contains(db, "/"+dbname.(string)+"?") {
		t.Errorf("DATABASE_URL %q does not match the postgres service's user, password and database", db)
	}
	if env["INTERVIEWBOT_HTTP_ADDR"] != ":8080" || !slices.Contains(at(t, bot, "ports").([]any), any("8080:8080")) {
		t.Errorf("the bot should listen on :8080 and publish 8080: env %v, ports %v", env, at(t, bot, "ports"))
	}
	if at(t, bot, "depends_on", "postgres", "condition") != "service_healthy" || at(t, pg, "healthcheck") == nil {
		t.Error("the bot should wait for a healthy postgres")
	}
	if df := at(t, bot, "build", "dockerfile"); df != "deploy/Dockerfile" || at(t, bot, "build", "context") != ".." {
		t.Errorf("build = %v, want context .. and deploy/Dockerfile", at(t, bot, "build"))
	}
	if d, err := time.ParseDuration(at(t, bot, "stop_grace_period").(string)); err != nil || d < 25*time.Second {
		t.Errorf("stop_grace_period %v is shorter than the 25s drain", d)
	}
	mount := at(t, bot, "volumes", 0).(string)
	host, ctr, _ := strings.Cut(strings.TrimSuffix(mount, ":ro"), ":")
	if ctr != env["INTERVIEWBOT_CONFIG"] {
		t.Errorf("the channels file is mounted at %s but INTERVIEWBOT_CONFIG is %v", ctr, env["INTERVIEWBOT_CONFIG"])
	}
	checkChannelsFile(t, MustRead(t, host))
	for k := range env {
		if !documented(t)[k] {
			t.Errorf("compose sets %s, which docs/configuration.md does not document", k)
		}
	}
}

// checkChannelsFile decodes a channels file with the keys serve accepts.
func checkChannelsFile(t *testing.T, body string) {
	t.Helper()
	var f struct {
		Channels []struct {
			Platform, Workspace, Channel, Name, Lang, Timezone, Post, Reveal, Leaderboard string
			SkipDates                                                                     []string `yaml:"skip_dates"`
			Topics, Tracks                                                                []string
			Difficulty                                                                    []int
			Paused                                                                        bool
		}
	}
	dec := yaml.NewDecoder(strings.NewReader(body))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Errorf("channels file: %v", err)
	}
	for i, ch := range f.Channels {
		if _, err := time.LoadLocation(ch.Timezone); err != nil {
			t.Errorf("channels[%d]: %v", i, err)
		}
	}
}

// k8s is every object of the manifests by kind and name.
func k8s(t *testing.T) map[string]map[string]any {
	t.Helper()
	objs := map[string]map[string]any{}
	kust := MustYAMLDocs(t, "kubernetes/kustomization.yaml")[0]
	files := append([]any{"secret.example.yaml"}, at(t, kust, "resources").([]any)...)
	for _, f := range files {
		for _, d := range MustYAMLDocs(t, filepath.Join("kubernetes", f.(string))) {
			key := d["kind"].(string) + "/" + at(t, d, "metadata", "name").(string)
			if _, dup := objs[key]; dup {
				t.Errorf("%s is defined twice", key)
			}
			objs[key] = d
		}
	}
	return objs
}

func TestKubernetes(t *testing.T) {
	objs := k8s(t)
	dep := objs["Deployment/interviewbot"]
	for _, want := range []string{"Deployment/interviewbot", "Service/interviewbot", "PodDisruptionBudget/interviewbot",
		"Secret/interviewbot", "ConfigMap/interviewbot-env", "ConfigMap/interviewbot-channels", "Namespace/interviewbot"} {
		if objs[want] == nil {
			t.Errorf("the manifests lack %s", want)
		}
	}
	if dep == nil {
		t.FailNow()
	}
	if n, _ := at(t, dep, "spec", "replicas").(int); n < 2 {
		t.Errorf("replicas = %d, want 2 or more", n)
	}
	labels := at(t, dep, "spec", "selector", "matchLabels").(map[string]any)
	for _, sel := range []any{at(t, dep, "spec", "template", "metadata", "labels"), at(t, objs["Service/interviewbot"], "spec", "selector"),
		at(t, objs["PodDisruptionBudget/interviewbot"], "spec", "selector", "matchLabels")} {
		for k, v := range labels {
			if sel.(map[string]any)[k] != v {
				t.Errorf("selector %v does not match the pods' %v", sel, labels)
			}
		}
	}
	if at(t, objs["PodDisruptionBudget/interviewbot"], "spec", "minAvailable") != 1 {
		t.Error("the PDB should keep one replica available")
	}
	pod := at(t, dep, "spec", "template", "spec")
	if at(t, pod, "securityContext", "runAsNonRoot") != true {
		t.Error("pods must run as non-root")
	}
	c := at(t, pod, "containers", 0)
	if at(t, c, "args", 0) != "serve" || at(t, c, "ports", 0, "containerPort") != 8080 || at(t, c, "ports", 0, "name") != "http" {
		t.Errorf("container should run serve on port 8080 named http: %v %v", at(t, c, "args"), at(t, c, "ports"))
	}
	for probe, path := range map[string]string{"readinessProbe": "/readyz", "livenessProbe": "/healthz"} {
		if at(t, c, probe, "httpGet", "path") != path || at(t, c, probe, "httpGet", "port") != "http" {
			t.Errorf("%s = %v, want GET %s on http", probe, at(t, c, probe), path)
		}
	}
	if at(t, objs["Service/interviewbot"], "spec", "ports", 0, "targetPort") != "http" {
		t.Error("the Service should target the http port")
	}

	secret := at(t, objs["Secret/interviewbot"], "stringData").(map[string]any)
	env := map[string]any{}
	for _, e := range at(t, c, "env").([]any) {
		name := at(t, e, "name").(string)
		env[name] = at(t, e, "value")
		if ref := at(t, e, "valueFrom"); ref != nil {
			if at(t, ref, "secretKeyRef", "name") != "interviewbot" || secret[at(t, ref, "secretKeyRef", "key").(string)] == nil {
				t.Errorf("%s refers to %v, which the Secret does not hold", name, ref)
			}
			if name != "DATABASE_URL" && at(t, ref, "secretKeyRef", "optional") != true {
				t.Errorf("%s should be optional: a team uses one platform", name)
			}
		}
	}
	for _, want := range []string{"DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "WECOM_SECRET", "WECOM_AES_KEY"} {
		if _, ok := env[want]; !ok {
			t.Errorf("the container does not get %s", want)
		}
	}
	if env["INTERVIEWBOT_HTTP_ADDR"] != ":8080" {
		t.Errorf("INTERVIEWBOT_HTTP_ADDR = %v, want :8080 (the container port)", env["INTERVIEWBOT_HTTP_ADDR"])
	}
	cm := objs["ConfigMap/"+at(t, c, "envFrom", 0, "configMapRef", "name").(string)]
	if cm == nil {
		t.Fatal("envFrom names a ConfigMap the manifests lack")
	}
	for k := range at(t, cm, "data").(map[string]any) {
		if !envName.MatchString(k) {
			t.Errorf("ConfigMap key %q is not an environment variable serve reads", k)
		}
		env[k] = true
	}
	for k := range env {
		if !documented(t)[k] {
			t.Errorf("the Deployment sets %s, which docs/configuration.md does not document", k)
		}
	}
	drain, err := time.ParseDuration(at(t, cm, "data", "INTERVIEWBOT_SHUTDOWN_TIMEOUT").(string))
	if grace := at(t, pod, "terminationGracePeriodSeconds").(int); err != nil || time.Duration(grace)*time.Second <= drain {
		t.Errorf("terminationGracePeriodSeconds %d must exceed the drain %v", grace, drain)
	}

	// The channels file is mounted where INTERVIEWBOT_CONFIG points.
	mount := at(t, c, "volumeMounts", 0)
	vol := at(t, pod, "volumes", 0)
	if at(t, mount, "name") != at(t, vol, "name") {
		t.Fatalf("mount %v and volume %v differ", mount, vol)
	}
	chans := objs["ConfigMap/"+at(t, vol, "configMap", "name").(string)]
	item := at(t, vol, "configMap", "items", 0)
	if filepath.Join(at(t, mount, "mountPath").(string), at(t, item, "path").(string)) != env["INTERVIEWBOT_CONFIG"] || chans == nil {
		t.Errorf("INTERVIEWBOT_CONFIG %v is not the mounted file", env["INTERVIEWBOT_CONFIG"])
	} else {
		checkChannelsFile(t, at(t, chans, "data", at(t, item, "key").(string)).(string))
	}
}

func TestDockerfileAndRelease(t *testing.T) {
	df := MustRead(t, "Dockerfile")
	mk := MustRead(t, "../Makefile")
	release := regexp.MustCompile(`(?m)^release:\n\t(.+)$`).FindStringSubmatch(mk)
	if release == nil {
		t.Fatal("the Makefile has no release target")
	}
	for _, want := range []string{"CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64", "-o dist/interviewbot-linux-amd64", "./cmd/interviewbot"} {
		if !strings.Contains(release[1], want) {
			t.Errorf("make release (%s) lacks %q", release[1], want)
		}
	}
	for _, want := range []string{"RUN make release", "COPY --from=build /src/dist/interviewbot-linux-amd64 ",
		"FROM gcr.io/distroless/static", "USER nonroot", "EXPOSE 8080", `CMD ["serve"]`} {
		if !strings.Contains(df, want) {
			t.Errorf("the Dockerfile lacks %q", want)
		}
	}
	if n := strings.Count(df, "\nFROM "); n < 2 {
		t.Errorf("the Dockerfile has %d stages, want a build stage and a runtime stage", n)
	}
	if !strings.Contains(MustRead(t, "../cmd/interviewbot/main.go"), `_ "time/tzdata"`) {
		t.Error("main must import time/tzdata: the distroless image has no zoneinfo")
	}
}

func TestEnvExampleAndSystemd(t *testing.T) {
	doc := documented(t)
	for _, line := range strings.Split(MustRead(t, "interviewbot.env.example"), "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "#"))
		k, _, ok := strings.Cut(line, "=")
		if !ok || !envName.MatchString(k) {
			continue
		}
		if !doc[k] {
			t.Errorf("the env example sets %s, which docs/configuration.md does not document", k)
		}
	}
	unit := MustRead(t, "systemd/interviewbot.service")
	kv := map[string]string{}
	for _, line := range strings.Split(unit, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			kv[k] = v
		}
	}
	if !strings.HasSuffix(kv["ExecStart"], "interviewbot serve") || kv["KillSignal"] != "SIGTERM" || kv["EnvironmentFile"] == "" {
		t.Errorf("unit: ExecStart %q, KillSignal %q, EnvironmentFile %q", kv["ExecStart"], kv["KillSignal"], kv["EnvironmentFile"])
	}
	if d, err := time.ParseDuration(kv["TimeoutStopSec"] + "s"); err != nil || d <= 25*time.Second {
		t.Errorf("TimeoutStopSec %q must exceed the 25s drain", kv["TimeoutStopSec"])
	}
	if kv["DynamicUser"] != "yes" && kv["User"] == "" {
		t.Error("the unit must not run as root")
	}
}
