window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "kommunikation@exempelby.se",
      "createdVia" : "web",
      "username" : "exempelby",
      "accountId" : "1500000000000000001",
      "createdAt" : "2012-03-01T08:00:00.000Z",
      "accountDisplayName" : "Exempelby kommun"
    }
  }
]