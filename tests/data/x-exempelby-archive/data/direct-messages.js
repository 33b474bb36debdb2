window.YTD.direct_messages.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1500000000000000001-1600000000000000007",
      "messages" : [
        {
          "messageCreate" : {
            "recipientId" : "1600000000000000007",
            "reactions" : [],
            "urls" : [
              {
                "url" : "https://t.co/etj0001",
                "expanded" : "https://www.exempelby.se/simskola",
                "display" : "exempelby.se/simskola"
              }
            ],
            "text" : "Hej! Anmälan görs i e-tjänsten: https://t.co/etj0001",
            "mediaUrls" : [],
            "senderId" : "1500000000000000001",
            "id" : "1791000000000000003",
            "createdAt" : "2024-04-15T09:10:00.000Z",
            "editHistory" : []
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Här är blanketten jag hittade, är det rätt?",
            "mediaUrls" : [
              "https://ton.twitter.com/dm/1791000000000000002/1791000000000000099/Blankett1.jpg"
            ],
            "senderId" : "1600000000000000007",
            "id" : "1791000000000000002",
            "createdAt" : "2024-04-15T09:05:00.000Z",
            "editHistory" : []
          }
        },
        {
          "messageCreate" : {
            "recipientId" : "1500000000000000001",
            "reactions" : [],
            "urls" : [],
            "text" : "Hej, hur anmäler jag mitt barn till simskolan?",
            "mediaUrls" : [],
            "senderId" : "1600000000000000007",
            "id" : "1791000000000000001",
            "createdAt" : "2024-04-15T09:00:00.000Z",
            "editHistory" : []
          }
        }
      ]
    }
  }
]