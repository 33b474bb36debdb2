window.YTD.follower.part0 = [
  {
    "follower" : {
      "accountId" : "1600000000000000007",
      "userLink" : "https://x.com/intent/user?user_id=1600000000000000007"
    }
  }
]