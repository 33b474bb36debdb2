window.YTD.ip_audit.part0 = [
  {
    "ipAudit" : {
      "accountId" : "1500000000000000001",
      "createdAt" : "2024-04-01T08:00:00.000Z",
      "loginIp" : "192.0.2.10"
    }
  }
]