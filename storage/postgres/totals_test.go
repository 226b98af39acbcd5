package postgres_test

import (
	"testing"

	"github.com/interviewbot/interviewbot/bot"
	"github.com/interviewbot/interviewbot/storage/storetest"
)

// TestMemberTotals checks the running totals the answers trigger keeps
// (migration 00003) against recomputed sums.
func TestMemberTotals(t *testing.T) {
	storetest.Totals(t, func(t *testing.T) bot.DailyStore { return MustOpen(t) })
}
