import IILogsCore
import IILogsReports

/// Realistic log lines for the miner tests, one second apart from a fixed start (no `Date()`).
enum TemplateCorpora {
    static let start = Timestamp(nanosecondsSinceEpoch: 1_795_424_400_000_000_000)  // 2026-11-23T09:00:00Z

    static func lines(_ messages: [(Severity, String, String)], step: Int64 = 1_000_000_000) -> [TemplateLine] {
        messages.enumerated().map { i, m in
            TemplateLine(time: start.adding(nanoseconds: Int64(i) * step), severity: m.0, app: m.1, message: m.2)
        }
    }

    static let sshd: [(Severity, String, String)] = [
        (.info, "sshd", "Invalid user admin from 203.0.113.7 port 51234"),
        (.info, "sshd", "Invalid user oracle from 198.51.100.23 port 40022"),
        (.info, "sshd", "Invalid user test from 203.0.113.7 port 51240"),
        (.warning, "sshd", "Failed password for invalid user admin from 203.0.113.7 port 51234 ssh2"),
        (.warning, "sshd", "Failed password for invalid user oracle from 198.51.100.23 port 40022 ssh2"),
        (.warning, "sshd", "Failed password for root from 192.0.2.44 port 60001 ssh2"),
        (.info, "sshd", "Accepted publickey for deploy from 10.0.4.12 port 52910 ssh2: ED25519 SHA256:Qx3k9v0b2Lr8mTnY1cW7dZ5eF4gH6jK2pS0uV9wXyA"),
        (.info, "sshd", "Accepted publickey for deploy from 10.0.4.13 port 52911 ssh2: ED25519 SHA256:Bf7q2Ws9Lx4Mn1Pc8Rv5Ty3Uz6Ad0Ge2Hi4Jk7LmNo"),
        (.info, "sshd", "pam_unix(sshd:session): session opened for user deploy(uid=1001) by (uid=0)"),
        (.info, "sshd", "pam_unix(sshd:session): session opened for user ci(uid=1002) by (uid=0)"),
        (.info, "sshd", "Received disconnect from 10.0.4.12 port 52910:11: disconnected by user"),
        (.info, "sshd", "Disconnected from user deploy 10.0.4.12 port 52910"),
    ]

    static let nginx: [(Severity, String, String)] = [
        (.error, "nginx", #"2026/11/23 06:20:01 [error] 2211#2211: *5 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 10.0.1.9, server: _, request: "GET /favicon.ico HTTP/1.1", host: "10.0.0.5""#),
        (.error, "nginx", #"2026/11/23 06:20:04 [error] 2211#2211: *9 open() "/usr/share/nginx/html/robots.txt" failed (2: No such file or directory), client: 10.0.1.17, server: _, request: "GET /robots.txt HTTP/1.1", host: "10.0.0.5""#),
        (.error, "nginx", #"2026/11/23 06:21:13 [error] 2212#2212: *41 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.1.9, server: api.example.com, request: "POST /v1/orders HTTP/1.1", upstream: "http://127.0.0.1:8080/v1/orders", host: "api.example.com""#),
        (.error, "nginx", #"2026/11/23 06:21:19 [error] 2212#2212: *57 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.0.1.33, server: api.example.com, request: "GET /v1/orders/8812 HTTP/1.1", upstream: "http://127.0.0.1:8080/v1/orders/8812", host: "api.example.com""#),
        (.warning, "nginx", #"2026/11/23 06:22:00 [warn] 2212#2212: *60 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream"#),
    ]

    static let kernel: [(Severity, String, String)] = [
        (.error, "kernel", "[1843.229115] Out of memory: Killed process 2291 (java) total-vm:8123456kB, anon-rss:3911220kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8120kB oom_score_adj:0"),
        (.error, "kernel", "[1851.007731] Out of memory: Killed process 2402 (java) total-vm:8120040kB, anon-rss:3907112kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:8116kB oom_score_adj:0"),
        (.warning, "kernel", "[1790.512004] EXT4-fs warning (device nvme0n1p1): ext4_dx_add_entry:2516: Directory (ino: 262146) index full, reach max htree level :2"),
        (.error, "kernel", "[1901.883410] nvme nvme0: I/O 712 QID 3 timeout, aborting"),
        (.error, "kernel", "[1902.001277] nvme nvme0: I/O 98 QID 1 timeout, aborting"),
        (.error, "kernel", "[1902.441900] blk_update_request: I/O error, dev nvme0n1, sector 4196352 op 0x1:(WRITE) flags 0x800 phys_seg 1 prio class 0"),
    ]

    static let systemd: [(Severity, String, String)] = [
        (.error, "systemd", "orders.service: Main process exited, code=killed, status=9/KILL"),
        (.error, "systemd", "billing.service: Main process exited, code=killed, status=9/KILL"),
        (.warning, "systemd", "orders.service: Failed with result 'signal'."),
        (.warning, "systemd", "billing.service: Failed with result 'signal'."),
        (.info, "systemd", "orders.service: Scheduled restart job, restart counter is at 3."),
        (.info, "systemd", "orders.service: Scheduled restart job, restart counter is at 4."),
        (.info, "systemd", "Started orders.service - Orders API."),
        (.warning, "systemd", "orders.service: Consumed 1min 12.403s CPU time, 1.2G memory peak."),
    ]
}

extension TemplateCorpora {
    /// A Spring-style app logging two failed requests with a Java stack trace each, a healthy line between.
    static let java: [(Severity, String, String)] = [
        (.error, "orders", "ERROR [http-nio-8080-exec-3] c.a.orders.OrderController - Request failed for order 8812"),
        (.error, "orders", "java.lang.IllegalStateException: Connection pool exhausted after 30000ms"),
        (.error, "orders", "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)"),
        (.error, "orders", "\tat com.acme.orders.OrderRepository.find(OrderRepository.java:44)"),
        (.error, "orders", "\t... 87 more"),
        (.error, "orders", "Caused by: java.net.SocketTimeoutException: Read timed out"),
        (.error, "orders", "\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)"),
        (.error, "orders", "\t... 12 more"),
        (.info, "orders", "INFO [scheduler-1] c.a.orders.Health - pool ok, 10 connections"),
        (.error, "orders", "ERROR [http-nio-8080-exec-7] c.a.orders.OrderController - Request failed for order 9120"),
        (.error, "orders", "java.lang.IllegalStateException: Connection pool exhausted after 30000ms"),
        (.error, "orders", "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)"),
        (.error, "orders", "\t... 90 more"),
    ]

    /// A Python worker: two bare tracebacks and one `logging.exception` message followed by its traceback.
    static let python: [(Severity, String, String)] = [
        (.error, "worker", "Traceback (most recent call last):"),
        (.error, "worker", #"  File "/srv/app/worker.py", line 88, in run"#),
        (.error, "worker", "    result = handler(job)"),
        (.error, "worker", #"  File "/srv/app/handlers.py", line 41, in handle"#),
        (.error, "worker", #"    raise ValueError(f"bad payload for job {job.id}")"#),
        (.error, "worker", "ValueError: bad payload for job 7731"),
        (.error, "worker", "Traceback (most recent call last):"),
        (.error, "worker", #"  File "/srv/app/worker.py", line 88, in run"#),
        (.error, "worker", "    result = handler(job)"),
        (.error, "worker", "ValueError: bad payload for job 7735"),
        (.error, "worker", "ERROR:worker:job 7740 failed"),
        (.error, "worker", "Traceback (most recent call last):"),
        (.error, "worker", #"  File "/srv/app/billing.py", line 12, in charge"#),
        (.error, "worker", #"    customer = payload["customer_id"]"#),
        (.error, "worker", "KeyError: 'customer_id'"),
        (.warning, "worker", "WARNING:worker:queue depth 1200 above 1000"),
    ]
}
