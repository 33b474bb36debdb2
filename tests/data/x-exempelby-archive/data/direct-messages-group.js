window.YTD.direct_messages_group.part0 = [
  {
    "dmConversation" : {
      "conversationId" : "1792000000000000000",
      "messages" : [
        {
          "messageCreate" : {
            "reactions" : [],
            "urls" : [],
            "text" : "Välkomna till gruppen för föreningsbidrag.",
            "mediaUrls" : [],
            "senderId" : "1500000000000000001",
            "id" : "1792000000000000002",
            "createdAt" : "2024-04-16T08:01:00.000Z",
            "editHistory" : []
          }
        },
        {
          "joinConversation" : {
            "initiatingUserId" : "1500000000000000001",
            "participantsSnapshot" : [
              "1500000000000000001",
              "1600000000000000007"
            ],
            "createdAt" : "2024-04-16T08:00:00.000Z"
          }
        }
      ]
    }
  }
]