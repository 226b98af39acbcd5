package slack_test

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"
)

// manifest is the part of a Slack app manifest the bot depends on.
type manifest struct {
	DisplayInformation struct {
		Name string `yaml:"name"`
	} `yaml:"display_information"`
	Features struct {
		AppHome struct {
			HomeTabEnabled     bool `yaml:"home_tab_enabled"`
			MessagesTabEnabled bool `yaml:"messages_tab_enabled"`
		} `yaml:"app_home"`
		BotUser struct {
			DisplayName string `yaml:"display_name"`
		} `yaml:"bot_user"`
		SlashCommands []struct {
			Command     string `yaml:"command"`
			Description string `yaml:"description"`
			URL         string `yaml:"url"`
		} `yaml:"slash_commands"`
	} `yaml:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `yaml:"bot"`
		} `yaml:"scopes"`
	} `yaml:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `yaml:"request_url"`
			BotEvents  []string `yaml:"bot_events"`
		} `yaml:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `yaml:"is_enabled"`
			RequestURL string `yaml:"request_url"`
		} `yaml:"interactivity"`
		SocketModeEnabled bool `yaml:"socket_mode_enabled"`
	} `yaml:"settings"`
}

func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("../../deploy/slack/manifest.yml")
	if err != nil {
		t.Fatalf("read manifest: %v", err)
	}
	var m manifest
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("manifest is not valid YAML: %v", err)
	}
	if m.DisplayInformation.Name == "" || m.Features.BotUser.DisplayName == "" {
		t.Error("manifest needs display_information.name and features.bot_user.display_name")
	}
	for _, scope := range []string{"chat:write", "commands", "reactions:write", "im:write", "im:history", "channels:history", "groups:history", "users:read"} {
		if !slices.Contains(m.OAuthConfig.Scopes.Bot, scope) {
			t.Errorf("bot scopes %v lack %s", m.OAuthConfig.Scopes.Bot, scope)
		}
	}
	var commands []string
	for _, c := range m.Features.SlashCommands {
		commands = append(commands, c.Command)
		if c.Description == "" || c.URL == "" {
			t.Errorf("command %s needs a description and a url", c.Command)
		}
	}
	if want := []string{"/mock-interview", "/interview"}; !slices.Equal(commands, want) {
		t.Errorf("slash commands = %v, want %v", commands, want)
	}
	for _, ev := range []string{"message.channels", "message.groups", "message.im", "app_home_opened"} {
		if !slices.Contains(m.Settings.EventSubscriptions.BotEvents, ev) {
			t.Errorf("bot events %v lack %s", m.Settings.EventSubscriptions.BotEvents, ev)
		}
	}
	if !m.Settings.Interactivity.IsEnabled || !m.Settings.SocketModeEnabled || !m.Features.AppHome.HomeTabEnabled || !m.Features.AppHome.MessagesTabEnabled {
		t.Errorf("interactivity, socket mode, the Home tab and the Messages tab must all be enabled: %+v %+v", m.Settings, m.Features.AppHome)
	}
	for name, u := range map[string]string{"events": m.Settings.EventSubscriptions.RequestURL, "interactivity": m.Settings.Interactivity.RequestURL} {
		if u == "" {
			t.Errorf("%s request_url is empty", name)
		}
	}
}
