/// /proc and /sys text captured on this project's build machine (2 CPUs, one virtio disk, eth0),
/// kept as it was except the `intr` line of /proc/stat, shortened. Used by the metrics parser tests.
enum MetricsFixtures {
    /// `cat /proc/stat`
    static let procStat = #"""
cpu  702532 0 90659 1600215 6863 0 1853 3512 0 0
cpu0 314777 0 41701 842652 960 0 721 1743 0 0
cpu1 387755 0 48958 757562 5902 0 1131 1768 0 0
intr 4465058 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 10 0 0 0 0 2409 580 0 208 1 856267 0
ctxt 6681551
btime 1795424378
processes 152223
procs_running 19
procs_blocked 0
softirq 3334527 0 498034 3 128098 856239 0 4 676811 127 1175211
"""#

    /// `cat /proc/loadavg`
    static let loadavg = #"""
23.78 16.73 7.76 19/285 22384
"""#

    /// `cat /proc/meminfo`
    static let meminfo = #"""
MemTotal:       24683656 kB
MemFree:        18809444 kB
MemAvailable:   22047624 kB
Buffers:           75280 kB
Cached:          3062732 kB
SwapCached:            0 kB
Active:           943228 kB
Inactive:        4206892 kB
Active(anon):       1928 kB
Inactive(anon):  2019260 kB
Active(file):     941300 kB
Inactive(file):  2187632 kB
Unevictable:       14348 kB
Mlocked:           12796 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:             46136 kB
Writeback:             0 kB
AnonPages:       2026672 kB
Mapped:           437312 kB
Shmem:              8952 kB
KReclaimable:     418544 kB
Slab:             464104 kB
SReclaimable:     418544 kB
SUnreclaim:        45560 kB
KernelStack:        4592 kB
PageTables:        25520 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    12341828 kB
Committed_AS:    4797348 kB
VmallocTotal:   34359738367 kB
VmallocUsed:        8804 kB
VmallocChunk:          0 kB
Percpu:              688 kB
AnonHugePages:         0 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:     79872 kB
FilePmdMapped:      4096 kB
Balloon:               0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
DirectMap4k:       20480 kB
DirectMap2M:     2076672 kB
DirectMap1G:    25165824 kB
"""#

    /// `cat /proc/mounts` (a container: cgroups, devpts, tmpfs, one ext4 root)
    static let mounts = #"""
proc /proc proc rw,relatime 0 0
sysfs /sys sysfs rw,relatime 0 0
devtmpfs /dev devtmpfs rw,relatime,size=12334432k,nr_inodes=3083608,mode=755 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683656k 0 0
devpts /dev/pts devpts rw,relatime,mode=600,ptmxmode=000 0 0
/dev/vda / ext4 rw,relatime,discard,resv_strict,resuid=65534,resgid=65534 0 0
model_tools_unavailable /mnt/sandboxing/model_tools_env/v1/python tmpfs ro,nosuid,nodev,relatime,size=4k,mode=755 0 0
devpts /dev/pts devpts rw,relatime,mode=600,ptmxmode=000 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683656k 0 0
tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
cgroup /sys/fs/cgroup/cpuset cgroup rw,relatime,cpuset 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
cgroup /sys/fs/cgroup/devices cgroup rw,relatime,devices 0 0
cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0
cgroup /sys/fs/cgroup/blkio cgroup rw,relatime,blkio 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
"""#

    /// `cat /proc/diskstats`
    static let diskstats = #"""
   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       1 loop1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       2 loop2 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       3 loop3 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       4 loop4 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       5 loop5 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       6 loop6 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
   7       7 loop7 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 254       0 vda 393885 33932 26061298 178570 556425 404461 48632600 581076 0 150844 863114 252922 12 33768544 58606 122285 44860
 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
"""#

    /// `cat /proc/net/dev`
    static let netDev = #"""
Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 604623510  197981    0    0    0     0          0         0 604623510  197981    0    0    0     0       0          0
  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0: 13404118     622    0    0    0     0          0         0    42951     555    0    0    0     0       0          0
"""#

    /// `cat /proc/sys/fs/file-nr`
    static let fileNr = #"""
3609	0	2466174
"""#

    /// `cat /proc/uptime`
    static let uptime = #"""
12048.76 16002.15
"""#

    /// `cat /proc/self/stat` (of python3)
    static let selfStat = #"""
22329 (python3) R 22327 22327 26805 0 -1 4194304 2872 6544 1 0 4 2 5 1 20 0 1 0 1204781 17096704 3397 18446744073709551615 94331252940800 94331252941141 140720353067936 0 0 0 0 16781312 2 0 0 0 17 0 0 0 0 0 0 94331252952496 94331252953112 94332286021632 140720353073305 140720353073348 140720353073348 140720353075151 0

"""#

    /// `/proc/self/status` (of python3), the first lines
    static let selfStatus = #"""
Name:	python3
State:	R (running)
Pid:	22329
VmPeak:	   16696 kB
VmSize:	   16696 kB
VmHWM:	   13680 kB
VmRSS:	   13680 kB
RssAnon:	    6964 kB
Threads:	1
"""#

}
