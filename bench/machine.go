package bench

import (
	"bufio"
	"bytes"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// Machine describes where a Report was measured.
type Machine struct {
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Model      string `json:"cpu_model,omitempty"`
	MemoryMiB  int    `json:"memory_mib,omitempty"`
	GoVersion  string `json:"go_version"`
	OS         string `json:"os"`
	Arch       string `json:"arch"`
	// LoadBefore and LoadAfter are the 1-minute load averages when the
	// run started and ended (Linux only): above CPUs, other work shared
	// the cores and wall-clock figures are pessimistic.
	LoadBefore float64 `json:"load_before"`
	LoadAfter  float64 `json:"load_after"`
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version(),
		OS: runtime.GOOS, Arch: runtime.GOARCH, LoadBefore: loadAvg()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.Model = strings.TrimSpace(v)
				break
			}
		}
	}
	if kb := procField("/proc/meminfo", "MemTotal:"); kb > 0 {
		m.MemoryMiB = int(kb / 1024)
	}
	return m
}

// loadAvg returns the 1-minute load average, or 0 where unknown.
func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// procField reads a "Name:  123 kB" line of a /proc status-like file, in kB.
func procField(path, name string) int64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, name); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				v, _ := strconv.ParseInt(f[0], 10, 64)
				return v
			}
		}
	}
	return 0
}

// resetPeakRSS returns freed memory to the OS and resets the kernel's
// high-water mark of this process's resident set (Linux: writing 5 to
// /proc/self/clear_refs), so that peakRSSMiB afterwards reports the peak of
// the stage that follows rather than of the whole process. It reports
// whether the reset worked; where it did not, the peak is process-wide.
func resetPeakRSS() bool {
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// peakRSSMiB is VmHWM, the peak resident set since the last reset, in MiB;
// 0 where /proc is missing.
func peakRSSMiB() float64 { return float64(procField("/proc/self/status", "VmHWM:")) / 1024 }

// anonSampler tracks the peak of the process's anonymous resident memory
// (RssAnon: heap, stacks, runtime) while a stage runs. VmHWM also counts
// the pages of badger's memory-mapped tables and value logs that the
// stage touched, which grow with the store and which the kernel drops
// under pressure; RssAnon is the memory the program itself holds. Sampled
// every 20 ms, so a spike shorter than that can be missed.
type anonSampler struct {
	stop, done chan struct{}
	peak       int64 // kB
}

func sampleAnon() *anonSampler {
	s := &anonSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			s.peak = max(s.peak, procField("/proc/self/status", "RssAnon:"))
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop ends sampling and returns the peak in MiB.
func (s *anonSampler) Stop() float64 {
	close(s.stop)
	<-s.done
	return float64(s.peak) / 1024
}
