package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/storetest"
)

// TestDailySimulation runs 60 simulated days of daily questions on the
// embedded store, two replicas racing on one file.
func TestDailySimulation(t *testing.T) {
	storetest.Simulate(t, func(t *testing.T, now func() time.Time) bot.DailyStore {
		s := mustOpenPath(t, filepath.Join(t.TempDir(), "bot.db"))
		s.Now = now
		return s
	})
}
