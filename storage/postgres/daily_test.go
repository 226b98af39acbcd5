package postgres_test

import (
	"testing"
	"time"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/storetest"
)

// TestDailySimulation runs 60 simulated days of daily questions on
// PostgreSQL, two replicas racing on one schema.
func TestDailySimulation(t *testing.T) {
	storetest.Simulate(t, func(t *testing.T, now func() time.Time) bot.DailyStore {
		s := MustOpen(t)
		s.Now = now
		return s
	})
}
