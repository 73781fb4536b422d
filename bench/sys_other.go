//go:build !unix

package bench

import "time"

// cpuTime is unknown here; CPU percentages come out as 0.
func cpuTime() time.Duration { return 0 }
