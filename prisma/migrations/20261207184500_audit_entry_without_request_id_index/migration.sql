-- DropIndex: nothing reads AuditEntry by requestId (the access log filters by officer, agency,
-- case, outcome and time, and a request id is found through those), and every index is one more
-- B-tree the commit writes per entry (issue 17, "write fewer B-tree pages per entry").
DROP INDEX "AuditEntry_requestId_idx";
