package main

import (
	"context"
	"log/slog"
	"time"
)

// maintain prunes on every replica every MaintenanceEvery (and once at
// start): delivery keys older than DeliveryTTL, since platforms redeliver
// for minutes, not weeks; and, with INTERVIEWBOT_RETENTION set, answers and
// finished interviews older than that. Both deletes are idempotent, so
// replicas running them at once do no harm.
func (s *server) maintain(ctx context.Context) {
	t := time.NewTicker(s.cfg.Serve.MaintenanceEvery)
	defer t.Stop()
	for {
		s.prune(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *server) prune(ctx context.Context) {
	now := s.now()
	n, err := s.store.PruneDeliveries(ctx, now.Add(-s.cfg.Serve.DeliveryTTL))
	if err != nil {
		s.log.Warn("prune deliveries", slog.String("err", err.Error()))
	} else if n > 0 {
		s.log.Info("pruned delivery keys", slog.Int64("deleted", n))
	}
	if s.cfg.Serve.Retention <= 0 {
		return
	}
	p, err := s.store.PruneHistory(ctx, now.Add(-s.cfg.Serve.Retention))
	if err != nil {
		s.log.Warn("retention prune", slog.String("err", err.Error()))
		return
	}
	if p.Answers > 0 || p.Sessions > 0 {
		s.log.Info("retention pruned history", slog.Int64("answers", p.Answers), slog.Int64("sessions", p.Sessions),
			slog.Duration("retention", s.cfg.Serve.Retention))
	}
}
