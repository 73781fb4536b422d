//go:build !unix

package bench

import (
	"os"
	"time"
)

// cpuTime is unknown here; CPU percentages come out as 0.
func cpuTime() time.Duration { return 0 }

// allocated is the file's size where disk usage is unknown.
func allocated(fi os.FileInfo) int64 { return fi.Size() }
