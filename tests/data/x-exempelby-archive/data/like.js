window.YTD.like.part0 = [
  {
    "like" : {
      "tweetId" : "1780000000000000050",
      "fullText" : "Fint väder i Exempelby i dag!",
      "expandedUrl" : "https://x.com/i/web/status/1780000000000000050"
    }
  }
]